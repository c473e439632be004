// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.splitbrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimTicker;
import io.drbdpilot.drbd.model.GenerationIds;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.SimAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.StepRecord;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimScenarios;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimResourceSpec;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.sim.SimVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split-brain assistant against the simulator: the evidence, the checks, the resolution and its verification. */
class SplitBrainTest {

    @TempDir
    Path dir;

    private SplitBrain plan(SimAccess a, SimCluster c, String victim) {
        return plan(a, c, "r1", victim);
    }

    private SplitBrain plan(SimAccess a, SimCluster c, String res, String victim) {
        return new SplitBrain(a, c.nodes(), res, victim, new SplitBrain.Options(dir.resolve("audit.jsonl"),
                "alice@ws1", Duration.ofSeconds(15), Duration.ofMinutes(30)));
    }

    private static Check check(SplitBrainChecks.Result r, String id) {
        return r.checks().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    /** The lab's r1 in split brain: alpha wrote 2 MiB and stays Primary, beta wrote 1 MiB and was demoted. */
    static SimCluster split() {
        SimCluster c = SimClusters.lab84(false);
        SimScenarios.splitBrain(c, "r1", "beta", "alpha", 1024, 2048, false);
        return c;
    }

    @Test
    void theEvidenceShowsBothSidesGenerationsKernelLinesAndWhatEachChanged() throws Exception {
        SimCluster c = split();
        SplitBrainChecks.Result r = plan(new SimAccess(c), c, null).check();

        assertThat(r.survivor()).isNull();
        assertThat(check(r, "split-brain").status()).isEqualTo(Check.Status.PASS);
        assertThat(check(r, "victim").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(r.blocked()).isTrue();
        assertThat(r.relation()).isEqualTo(GenerationIds.Relation.DIVERGED);
        Evidence alpha = r.side("alpha");
        Evidence beta = r.side("beta");
        assertThat(alpha.changedKiB()).isEqualTo(2048);
        assertThat(beta.changedKiB()).isEqualTo(1024);
        assertThat(alpha.verdict().text()).contains("Split-Brain detected but unresolved");
        assertThat(alpha.log()).anySatisfy(l -> assertThat(l.text()).contains("self ").contains("bits:512"));
        assertThat(alpha.firstGi().bitmap()).isEqualTo(beta.firstGi().bitmap());
        assertThat(alpha.firstGi().current()).isNotEqualTo(beta.firstGi().current());
        assertThat(alpha.policies()).contains("after-sb-0pri disconnect");
        assertThat(r.recommendation()).startsWith("Discard beta (1.0 MiB): alpha is Primary now");
    }

    @Test
    void resolvesByDiscardingTheVictimAndVerifiesTheResyncFromBothSides() throws Exception {
        SimCluster c = split();
        SimAccess a = new SimAccess(c);
        SplitBrain sb = plan(a, c, "beta");
        SplitBrainChecks.Result checked = sb.check();
        assertThat(checked.survivor()).isEqualTo("alpha");
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(checked.risky()).as("the discard always asks for the victim's name").isTrue();
        assertThat(check(checked, "discard").reason()).contains("beta changed 1.0 MiB");
        assertThat(sb.script(checked)).contains("drbdadm connect --discard-my-data r1").doesNotContain("--force");

        List<String> events = new ArrayList<>();
        PlanResult r;
        try (SimTicker t = SimTicker.start(c, 5)) {
            r = sb.execute(new PlanListener() {
                @Override
                public void stepFinished(StepRecord s) {
                    events.add(s.status() + " " + s.title());
                }
            }, Decider.ABORT, checked);
        }
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(events).containsExactly("DONE Make beta StandAlone (r1)",
                "DONE Connect beta discarding its changes (r1)", "DONE Connect alpha again (r1)",
                "DONE Resync beta from alpha and verify (r1)");
        assertThat(SimState.role(c, "alpha", "r1")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(c, "beta", "r1")).isEqualTo(Role.SECONDARY);
        String gi = new SimShell(c, "alpha", "root").run("drbdadm get-gi r1").stdout();
        String giBeta = new SimShell(c, "beta", "root").run("drbdadm get-gi r1").stdout();
        assertThat(GenerationIds.parseAll(gi).get(0).relationTo(GenerationIds.parseAll(giBeta).get(0)))
                .isEqualTo(GenerationIds.Relation.SAME);
        assertThat(a.commandLog).noneMatch(l -> l.startsWith("alpha:") && l.contains("discard"));
    }

    @Test
    void aPrimaryVictimIsDemotedFirstAndAVictimInUseBlocks() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        SimScenarios.splitBrain(c, "r1", "beta", "alpha", 1024, 2048, true);
        SimAccess a = new SimAccess(c);
        SplitBrainChecks.Result checked = plan(a, c, "beta").check();
        assertThat(checked.blocked()).isFalse();
        assertThat(plan(a, c, "beta").steps(checked).get(0).title()).isEqualTo("Demote beta to Secondary (r1)");

        new SimShell(c, "beta", "root").run("mount /dev/drbd1 /mnt/r1");
        SplitBrainChecks.Result inUse = plan(a, c, "beta").check();
        assertThat(check(inUse, "victim-users").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(inUse, "victim-users").reason()).contains("/mnt/r1");
        PlanResult r = plan(a, c, "beta").execute(new PlanListener() { }, Decider.ABORT, checked);
        assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(SimState.role(c, "beta", "r1")).as("nothing was touched").isEqualTo(Role.PRIMARY);
        assertThat(check(inUse, "victim-users").remedy()).contains("--umount /mnt/r1");

        // the plan unmounts it first when asked, and does not mount it again
        SplitBrain stopping = new SplitBrain(a, c.nodes(), "r1", "beta", new SplitBrain.Options(
                dir.resolve("a.jsonl"), "alice@ws1", Duration.ofSeconds(15), Duration.ofMinutes(30),
                SplitBrain.Save.NONE, new SplitBrain.Stops(List.of(), List.of(), List.of("/mnt/r1"))));
        SplitBrainChecks.Result covered = stopping.check();
        assertThat(check(covered, "victim-users").status()).isEqualTo(Check.Status.PASS);
        assertThat(stopping.steps(covered)).extracting(st -> st.title()).startsWith("Unmount /mnt/r1 on beta",
                "Demote beta to Secondary (r1)");
        try (SimTicker t = SimTicker.start(c, 5)) {
            PlanResult done = stopping.execute(new PlanListener() { }, Decider.ABORT, covered);
            assertThat(done.outcome()).as(done.message()).isEqualTo(Outcome.DONE);
        }
        assertThat(c.hosts().mountOf("beta", 1)).isNull();
    }

    @Test
    void aPlainDisconnectIsNotASplitBrainAndConnectedNodesHaveNone() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        SimAccess a = new SimAccess(c);
        assertThat(check(plan(a, c, "beta").check(), "split-brain").status()).isEqualTo(Check.Status.BLOCK);
        new SimShell(c, "beta", "root").run("drbdadm disconnect r1");
        SplitBrainChecks.Result r = plan(a, c, "beta").check();
        assertThat(check(r, "split-brain").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(r, "split-brain").reason()).contains("nothing shows a split brain");
        assertThat(r.recommendation()).as("nothing to discard without a split brain")
                .startsWith("No recommendation: alpha and beta are not connected");
    }

    @Test
    void drbd9DisconnectsBeforeItConnectsAndTheResolutionIsVerified() throws Exception {
        SimCluster c = SimClusters.demo(); // DRBD 9
        SimScenarios.splitBrain(c, "web", "node-b", "node-a", 1024, 2048, false);
        SimAccess a = new SimAccess(c);
        SplitBrain sb = plan(a, c, "web", "node-b");
        SplitBrainChecks.Result checked = sb.check();
        assertThat(checked.drbd9()).isTrue();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(sb.script(checked)).contains("drbdadm disconnect web").contains("drbdadm connect web")
                .contains("drbdadm connect --discard-my-data web");
        PlanResult r;
        try (SimTicker t = SimTicker.start(c, 5)) {
            r = sb.execute(new PlanListener() { }, Decider.ABORT, checked);
        }
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(SimState.role(c, "node-a", "web")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(c, "node-b", "web")).isEqualTo(Role.SECONDARY);
    }

    @Test
    void theVictimsDataIsSavedFirstWhenAskedAsACopyOrAnLvmSnapshot() throws Exception {
        SimCluster c = split();
        SimAccess a = new SimAccess(c);
        SplitBrain copy = new SplitBrain(a, c.nodes(), "r1", "beta", new SplitBrain.Options(dir.resolve("a.jsonl"),
                "alice@ws1", Duration.ofSeconds(15), Duration.ofMinutes(30), new SplitBrain.Save("/root/r1.img",
                false)));
        SplitBrainChecks.Result checked = copy.check();
        assertThat(check(checked, "save").status()).isEqualTo(Check.Status.PASS);
        assertThat(copy.steps(checked).get(0).title()).isEqualTo("Save beta's data to /root/r1.img (r1)");
        assertThat(copy.script(checked)).contains("dd if=/dev/vdc of=/root/r1.img bs=1M conv=fsync");
        SplitBrain snap = new SplitBrain(a, c.nodes(), "r1", "beta", new SplitBrain.Options(dir.resolve("a.jsonl"),
                "alice@ws1", Duration.ofSeconds(15), Duration.ofMinutes(30), new SplitBrain.Save(null, true)));
        SplitBrainChecks.Result noLvm = snap.check();
        assertThat(check(noLvm, "save").status()).as("the lab's disks are not LVM").isEqualTo(Check.Status.BLOCK);
        assertThat(check(checked, "discard").remedy()).isEqualTo("Type the victim's name to confirm.");
        assertThat(check(plan(a, c, "beta").check(), "discard").remedy()).contains("dd if=/dev/vdc of=/PATH/ON/beta");

        try (SimTicker t = SimTicker.start(c, 5)) {
            PlanResult r = copy.execute(new PlanListener() { }, Decider.ABORT, checked);
            assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        }
        assertThat(new SimShell(c, "beta", "root").run("stat -c %s /root/r1.img").stdout().strip())
                .isEqualTo(String.valueOf(64L << 20)); // the whole backing device, metadata too: the lab's 64 MiB vdc
        assertThatThrown(() -> new SplitBrain.Save("/dev/sda", false));
    }

    /**
     * DRBD 9 with a diskless tiebreaker: alpha and beta hold the data, gamma is diskless. beta was cut off from both,
     * became Primary there and wrote; alpha wrote too. The tiebreaker that went StandAlone is connected again.
     */
    @Test
    void aStandAloneTiebreakerIsConnectedAgainAndNeverChosenAsAVictim() throws Exception {
        SimCluster c = new SimCluster(SimVersion.V9, List.of("alpha", "beta", "gamma"), List.of(
                new SimResourceSpec("r0", List.of("alpha", "beta", "gamma"), List.of("gamma"), List.of(1000),
                        List.of(1_048_576L), 7000, 'C', false, 40 * 1024, null, "off")));
        c.promote("alpha", "r0", false);
        c.cut("beta", "gamma");
        SimScenarios.splitBrain(c, "r0", "beta", "alpha", 1024, 2048, false);
        new SimShell(c, "gamma", "root").run("drbdadm disconnect r0"); // the tiebreaker was left StandAlone
        c.heal("beta", "gamma");
        SimAccess a = new SimAccess(c);
        SplitBrain sb = plan(a, c, "r0", "beta");
        SplitBrainChecks.Result checked = sb.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(checked.survivor()).isEqualTo("alpha");
        assertThat(SplitBrainChecks.pair(checked.sides())).as("gamma has no disk: never a side")
                .containsExactlyInAnyOrder("alpha", "beta");
        assertThat(checked.reconnect()).containsExactly("gamma");
        assertThat(sb.steps(checked)).extracting(st -> st.title()).contains("Connect gamma again (r0)");
        PlanResult r;
        try (SimTicker t = SimTicker.start(c, 5)) {
            r = sb.execute(new PlanListener() { }, Decider.ABORT, checked);
        }
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(new SimShell(c, "gamma", "root").run("drbdadm cstate r0").stdout()).doesNotContain("StandAlone");
    }

    private static void assertThatThrown(Runnable r) {
        Assertions.assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class);
    }
}
