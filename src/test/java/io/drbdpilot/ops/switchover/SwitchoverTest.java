// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.switchover;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.SimAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.plan.StepRecord;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimResourceSpec;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.sim.SimVersion;
import io.drbdpilot.ssh.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class SwitchoverTest {

    @TempDir
    Path dir;

    public static SwitchoverRequest withFs(String target) {
        return new SwitchoverRequest("r0", target, null, List.of("/mnt/r0"), List.of("app"), List.of(),
                List.of("/mnt/r0"), List.of("app"), List.of());
    }

    /** The lab's r0 with ext4 mounted on alpha and a service writing to it. */
    public static SimCluster lab() {
        SimCluster c = SimClusters.lab84(false);
        c.hosts().addService("alpha", "app", true, 0);
        c.hosts().addService("beta", "app", false, 0);
        new SimShell(c, "alpha", "root").run("mount /dev/drbd0 /mnt/r0");
        c.startWriter("alpha", "r0", 100);
        return c;
    }

    Switchover plan(SimAccess a, SimCluster c, SwitchoverRequest req) {
        return new Switchover(a, c.nodes(), req, new Switchover.Options(dir.resolve("audit.jsonl"), "alice@ws1",
                Duration.ofSeconds(15)));
    }

    @Test
    void movesR0WithItsFilesystemAndServiceFromAlphaToBeta() throws Exception {
        SimCluster c = lab();
        SimAccess a = new SimAccess(c);
        List<String> events = new ArrayList<>();
        PlanResult r = plan(a, c, withFs("beta")).execute(new PlanListener() {
            @Override
            public void stepFinished(StepRecord s) {
                events.add(s.status() + " " + s.title());
            }
        }, Decider.ABORT);

        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(events).containsExactly("DONE Stop app on alpha", "DONE Unmount /mnt/r0 on alpha",
                "DONE Demote alpha to Secondary (r0)", "DONE Re-verify beta, then promote it to Primary (r0)",
                "DONE Mount /dev/drbd0 on /mnt/r0 on beta", "DONE Start app on beta");
        assertThat(SimState.role(c, "beta", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.SECONDARY);
        assertThat(c.hosts().mountOf("beta", 0)).isEqualTo("/mnt/r0");
        assertThat(c.hosts().mountOf("alpha", 0)).isNull();
        assertThat(c.hosts().serviceActive("beta", "app")).isTrue();
        assertThat(c.hosts().serviceActive("alpha", "app")).isFalse();
        assertThat(r.state()).anySatisfy(s -> assertThat(s).startsWith("beta: Primary, disk UpToDate, Connected"));
        // the demote ran before the promote, and nothing was forced
        List<String> cmds = a.commandLog.stream().filter(l -> l.matches("\\w+: drbdadm (primary|secondary).*"))
                .toList();
        assertThat(cmds).containsExactly("alpha: drbdadm secondary r0", "beta: drbdadm primary r0");
        assertThat(a.commandLog).noneMatch(l -> l.contains("--force"));
        // audit: JSON lines locally, and syslog lines on both nodes
        List<String> audit = Files.readAllLines(dir.resolve("audit.jsonl"));
        assertThat(audit.get(0)).contains("\"event\":\"start\"").contains("\"resource\":\"r0\"");
        assertThat(audit).anyMatch(l -> l.contains("\"event\":\"command\"") && l.contains("\"secondary\"")
                && l.contains("\"exit\":0"));
        assertThat(audit.get(audit.size() - 1)).contains("\"outcome\":\"DONE\"").contains("\"exit\":0");
        assertThat(c.hosts().syslog("alpha")).anyMatch(l -> l.contains("drbdadm secondary r0 -> exit 0"));
        assertThat(c.hosts().syslog("beta")).anyMatch(l -> l.contains("drbdadm primary r0 -> exit 0"))
                .anyMatch(l -> l.contains("started by alice@ws1"));
        // the lock is gone with the plan
        assertThat(c.hosts().tryLock("alpha", ResourceLock.lockPath("r0"), "bob", "/tmp/x")).isTrue();
    }

    @Test
    void drbd9ThreeNodesWithQuorumAndTwoVolumes() throws Exception {
        SimCluster c = new SimCluster(SimVersion.V9, List.of("a", "b", "c"), List.of(new SimResourceSpec("db",
                List.of("a", "b", "c"), List.of(), List.of(10, 11), List.of(65536L, 65536L), 7000, 'C', false,
                40 * 1024, null, "majority")));
        c.promote("a", "db", false);
        SimAccess a = new SimAccess(c);
        Switchover sw = new Switchover(a, c.nodes(), SwitchoverRequest.of("db", "c"), Switchover.Options.defaults(
                null, "t"));
        Preflight.Result pf = sw.check();
        assertThat(pf.source()).isEqualTo("a");
        assertThat(pf.checks()).allSatisfy(k -> assertThat(k.status()).as(k.toString()).isEqualTo(Check.Status.PASS));
        assertThat(pf.checks()).filteredOn(k -> k.id().equals("connected")).singleElement()
                .satisfies(k -> assertThat(k.reason()).contains("every volume Established"));
        assertThat(pf.checks()).filteredOn(k -> k.id().equals("io")).singleElement()
                .satisfies(k -> assertThat(k.reason()).contains("quorum is held"));
        PlanResult r = sw.execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(SimState.role(c, "c", "db")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.primaries(c, "db")).isEqualTo(1);
    }

    @Test
    void outOfSyncWithAThirdNodeWarnsAndOnlyTheSwitchingPairBlocks() throws Exception {
        // as on the real 9.2.18 kernel after an invalidate: beta and gamma UpToDate and Established, 131028 KiB marked
        SimCluster c = new SimCluster(SimVersion.V9, List.of("alpha", "beta", "gamma"), List.of(new SimResourceSpec(
                "r0", List.of("alpha", "beta", "gamma"), List.of(), List.of(0), List.of(131028L), 7000, 'C', false,
                40 * 1024, null, "majority")));
        c.promote("beta", "r0", false);
        c.hosts().markOutOfSync("r0", "beta", "gamma", 131028);
        Preflight.Result pf = new Switchover(new SimAccess(c), c.nodes(), SwitchoverRequest.of("r0", "alpha"),
                Switchover.Options.defaults(null, "t")).check();
        assertThat(pf.blocked()).as(pf.checks().toString()).isFalse();
        assertThat(pf.checks()).filteredOn(k -> k.id().equals("resync")).singleElement()
                .satisfies(k -> assertThat(k.status()).isEqualTo(Check.Status.PASS));
        assertThat(pf.checks()).filteredOn(k -> k.id().equals("oos-elsewhere")).singleElement().satisfies(k -> {
            assertThat(k.status()).isEqualTo(Check.Status.WARN);
            assertThat(k.reason()).contains("131028 KiB between beta and gamma")
                    .contains("drbdadm disconnect r0:gamma; drbdadm connect r0:gamma");
        });

        c.hosts().markOutOfSync("r0", "beta", "alpha", 4);
        Preflight.Result blocked = new Switchover(new SimAccess(c), c.nodes(), SwitchoverRequest.of("r0", "alpha"),
                Switchover.Options.defaults(null, "t")).check();
        assertThat(blocked.checks()).filteredOn(k -> k.id().equals("resync")).singleElement().satisfies(k -> {
            assertThat(k.status()).isEqualTo(Check.Status.BLOCK);
            assertThat(k.reason()).contains("between beta and alpha");
            assertThat(k.remedy()).contains("drbdadm disconnect r0:alpha; drbdadm connect r0:alpha");
        });
    }

    @Test
    void drbd9LostQuorumBlocks() throws Exception {
        SimCluster c = new SimCluster(SimVersion.V9, List.of("a", "b", "c"), List.of(new SimResourceSpec("db",
                List.of("a", "b", "c"), List.of(), List.of(10), List.of(65536L), 7000, 'C', false, 40 * 1024, null,
                "majority")));
        c.promote("a", "db", false);
        c.cut("b", "c");
        c.cut("a", "b");
        Preflight.Result pf = new Switchover(new SimAccess(c), c.nodes(), SwitchoverRequest.of("db", "b"),
                Switchover.Options.defaults(null, "t")).check();
        assertThat(pf.blocked()).isTrue();
        assertThat(pf.checks()).filteredOn(k -> k.id().equals("io")).singleElement()
                .satisfies(k -> assertThat(k.reason()).contains("b has no quorum"));
    }

    @Test
    void blockedWhenTheLinkIsCutAndNothingChanges() throws Exception {
        SimCluster c = lab();
        c.cut("alpha", "beta");
        PlanResult r = plan(new SimAccess(c), c, withFs("beta")).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(r.outcome().exitCode()).isEqualTo(3);
        assertThat(r.checks()).filteredOn(k -> k.id().equals("connected")).singleElement()
                .satisfies(k -> assertThat(k.status()).isEqualTo(Check.Status.BLOCK));
        assertThat(r.message()).contains("nothing was changed");
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(c.hosts().mountOf("alpha", 0)).isEqualTo("/mnt/r0");
        assertThat(c.hosts().serviceActive("alpha", "app")).isTrue();
    }

    @Test
    void blockedWhileResyncRuns() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        new SimShell(c, "beta", "root").run("drbdadm invalidate r0");
        Preflight.Result pf = new Switchover(new SimAccess(c), c.nodes(), SwitchoverRequest.of("r0", "beta"),
                Switchover.Options.defaults(null, "t")).check();
        assertThat(pf.checks()).filteredOn(k -> k.status() == Check.Status.BLOCK).extracting(Check::id)
                .contains("uptodate", "resync");
    }

    @Test
    void ownersBlockWithTheirOwnCommand() throws Exception {
        for (String[] owner : new String[][] {{"pacemaker", "pcs resource move ms_drbd_r0 beta"},
                {"reactor", "drbd-pilot evict r0   (it hands the move to drbd-reactor and follows it; by hand: drbd-reactorctl evict /etc/drbd-reactor.d/r0.toml on the active node)"}, {"linstor", "/var/lib/linstor.d/r0.res"}}) {
            SimCluster c = SimClusters.lab84(false);
            c.hosts().owner("alpha", "r0", owner[0]);
            Preflight.Result pf = new Switchover(new SimAccess(c), c.nodes(), SwitchoverRequest.of("r0", "beta"),
                    Switchover.Options.defaults(null, "t")).check();
            Check k = pf.checks().stream().filter(x -> x.id().equals("owner")).findFirst().orElseThrow();
            assertThat(k.status()).as(owner[0]).isEqualTo(Check.Status.BLOCK);
            assertThat(k.reason() + " " + k.remedy()).as(owner[0]).contains(owner[1]);
        }
    }

    @Test
    void demoteRefusedBecauseStillMountedIsACleanAbort() throws Exception {
        SimCluster c = lab();
        SwitchoverRequest req = new SwitchoverRequest("r0", "beta", null, List.of(), List.of("app"), List.of(),
                List.of(), List.of("app"), List.of());
        Switchover sw = plan(new SimAccess(c), c, req);
        Check users = sw.check().checks().stream().filter(x -> x.id().equals("users")).findFirst().orElseThrow();
        assertThat(users.status()).isEqualTo(Check.Status.WARN);
        assertThat(users.reason()).contains("/dev/drbd0 mounted on /mnt/r0");
        assertThat(users.remedy()).contains("--umount /mnt/r0");

        PlanResult r = sw.execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(r.outcome().exitCode()).isEqualTo(4);
        assertThat(r.message()).contains("(-12) Device is held open by someone").contains("mounted on /mnt/r0")
                .contains("alpha is Primary again");
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(c.hosts().serviceActive("alpha", "app")).as("the stopped service is started again").isTrue();
        assertThat(r.steps()).extracting(s -> s.status() + " " + s.title()).containsExactly(
                "DONE Stop app on alpha", "FAILED Demote alpha to Secondary (r0)", "DONE Re-promote alpha to Primary (r0)",
                "DONE Start app on alpha");
    }

    @Test
    void promoteRefusedWithMinus18IsRetriedAfterTheNextStateChange() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        SimAccess a = new SimAccess(c);
        int[] refused = {0};
        a.interceptor = (n, cmd) -> n.equals("beta") && cmd.argv().contains("primary") && refused[0]++ == 0
                ? new CommandResult(11, "", "0: State change failed: (-18) In transient state, retry after next "
                        + "state change\nCommand 'drbdsetup-84 primary 0' terminated with exit code 11\n",
                        Duration.ZERO) : null;
        List<String> log = new ArrayList<>();
        PlanResult r = plan(a, c, SwitchoverRequest.of("r0", "beta")).execute(new PlanListener() {
            @Override
            public void log(String line) {
                log.add(line);
            }
        }, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(refused[0]).isEqualTo(2);
        assertThat(log).anyMatch(l -> l.contains("(-18) In transient state") && l.contains("retrying"));
    }

    @Test
    void minus2OnPromoteStopsAndRollsBack() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        SimAccess a = new SimAccess(c);
        a.interceptor = (n, cmd) -> n.equals("beta") && cmd.argv().contains("primary")
                ? new CommandResult(17, "", "0: State change failed: (-2) Need access to UpToDate data\nCommand "
                        + "'drbdsetup-84 primary 0' terminated with exit code 17\n", Duration.ZERO) : null;
        PlanResult r = plan(a, c, SwitchoverRequest.of("r0", "beta")).execute(PlanListener.NONE,
                Decider.ABORT);
        assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(r.message()).contains("(-2) Need access to UpToDate data");
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(a.commandLog.stream().filter(l -> l.startsWith("beta: drbdadm primary")).count()).isEqualTo(1);
    }

    @Test
    void aSecondAdminIsRefusedWithWhoHoldsTheLock() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        assertThat(c.hosts().tryLock("beta", ResourceLock.lockPath("r0"), "bob@ws2 since 2026-11-24T09:59:00Z",
                ResourceLock.holderPath("r0"))).isTrue();
        PlanResult r = plan(new SimAccess(c), c, SwitchoverRequest.of("r0", "beta")).execute(PlanListener.NONE,
                Decider.ABORT);
        assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(r.message()).contains("locked on beta by bob@ws2 since 2026-11-24T09:59:00Z");
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        // alpha's lock was given back when beta's was refused
        assertThat(c.hosts().tryLock("alpha", ResourceLock.lockPath("r0"), "x", "/tmp/x")).isTrue();
    }

    @Test
    void retryOnAFailedStepThenSucceeds() throws Exception {
        SimCluster c = lab();
        SwitchoverRequest req = new SwitchoverRequest("r0", "beta", null, List.of(), List.of("app"), List.of(),
                List.of(), List.of(), List.of());
        List<String> asked = new ArrayList<>();
        PlanResult r = plan(new SimAccess(c), c, req).execute(PlanListener.NONE, (step, why) -> {
            asked.add(step.title());
            new SimShell(c, "alpha", "root").run("umount /mnt/r0"); // the admin fixes it
            return Decider.Decision.RETRY;
        });
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(asked).containsExactly("Demote alpha to Secondary (r0)");
    }

    @Test
    void dryRunIsAReviewableScriptWithTheExactCommands() throws Exception {
        SimCluster c = lab();
        Switchover sw = plan(new SimAccess(c), c, withFs("beta"));
        String script = sw.script(sw.check());
        assertThat(script).startsWith("#!/bin/sh\n").contains("set -e")
                .contains("ssh root@alpha 'systemctl stop app'")
                .contains("ssh root@alpha 'umount /mnt/r0'")
                .contains("ssh root@alpha 'drbdadm secondary r0'")
                .contains("ssh root@beta 'drbdadm primary r0'")
                .contains("ssh root@beta 'mount /dev/drbd0 /mnt/r0'")
                .contains("ssh root@beta 'systemctl start app'")
                .contains("#   ssh root@alpha 'drbdadm primary r0'   # Re-promote alpha to Primary (r0)")
                .doesNotContain("--force");
        assertThat(script.indexOf("drbdadm secondary r0")).isLessThan(script.indexOf("ssh root@beta 'drbdadm primary"));
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(c.hosts().serviceActive("alpha", "app")).isTrue();
    }

    @Test
    void badNamesAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> SwitchoverRequest.of("r0; reboot", "beta")).hasMessageContaining("not a valid");
        assertThatThrownBy(() -> new SwitchoverRequest("r0", "beta", null, List.of("/mnt/$(id)"), List.of(),
                List.of(), List.of(), List.of(), List.of())).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> new SwitchoverRequest("r0", "beta", null, List.of(), List.of("-x"), List.of(),
                List.of(), List.of(), List.of())).hasMessageContaining("not a valid unit");
    }
}
