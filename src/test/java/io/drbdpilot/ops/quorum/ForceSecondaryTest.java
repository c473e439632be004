// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.ops.SimAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.sim.SimVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DRBD 9 Primary that lost quorum (r2: three nodes, quorum majority, Primary on node-3 with a filesystem mounted),
 * explained and forced to Secondary, then switched over to a node that has quorum; refused where it does not apply.
 */
class ForceSecondaryTest {

    @TempDir
    Path dir;

    private static final List<String> NODES = List.of("node-3", "node-1", "node-2");

    private ForceSecondary plan(SimAccess a, String node) {
        return plan(a, node, null);
    }

    private ForceSecondary plan(SimAccess a, String node, String takeOver) {
        return new ForceSecondary(a, "r2", node, NODES, takeOver, new ForceSecondary.Options(dir.resolve(
                "audit.jsonl"), "alice@ws1", Duration.ofSeconds(15)));
    }

    private static Check check(QuorumChecks.Result c, String id) {
        return c.checks().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    private static String sh(SimCluster c, String node, String cmd) {
        SimShell.Result r = new SimShell(c, node, "root").run(cmd);
        return r.stdout() + r.stderr();
    }

    /** r2 Primary on node-3 with /srv/r2 mounted, then node-3 cut off from both peers: 1 of 3 nodes, no quorum. */
    private static SimCluster lostQuorum() {
        SimCluster c = SimClusters.layout(SimVersion.V9, 3, 3);
        assertThat(sh(c, "node-3", "mount /dev/drbd1002 /srv/r2")).isEmpty();
        c.cut("node-3", "node-1");
        c.cut("node-3", "node-2");
        return c;
    }

    @Test
    void explainsForcesTheDemotionAndTheSwitchoverToANodeWithQuorumFollows() throws Exception {
        SimCluster c = lostQuorum();
        SimAccess a = new SimAccess(c);
        assertThat(sh(c, "node-3", "drbdadm secondary r2")).as("a plain demote is refused: the device is open")
                .contains("(-12) Device is held open by someone");
        ForceSecondary p = plan(a, "node-3");
        QuorumChecks.Result checked = p.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(check(checked, "lost").reason()).contains("node-3 sees 1 of 3 nodes; it cannot see ").contains("node-1 (Connecting)")
                .contains("node-2").contains("needs 2 for quorum").contains("suspended");
        assertThat(check(checked, "supported").reason()).contains("DRBD 9.2.12");
        assertThat(check(checked, "users").status()).isEqualTo(Check.Status.WARN);
        assertThat(check(checked, "users").reason()).contains("/srv/r2").contains("fails");
        assertThat(checked.takeover()).isIn("node-1", "node-2");
        assertThat(p.script(checked)).contains("drbdadm secondary --force r2");

        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);

        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).contains("node-3 is Secondary for r2 (forced)").contains("drbd-pilot switchover r2 --to "
                + checked.takeover());
        assertThat(sh(c, "node-3", "drbdadm role r2").strip()).isEqualTo("Secondary");
        assertThat(sh(c, "node-3", "drbdsetup events2 --now r2")).contains("force-io-failures:yes");

        assertThat(SimState.primaries(c, "r2")).as("nobody takes over unless asked").isZero();
    }

    @Test
    void withATakeoverTheNodeWithQuorumIsPromotedAfterTheForcedDemotion() throws Exception {
        SimCluster c = lostQuorum();
        SimAccess a = new SimAccess(c);
        ForceSecondary p = plan(a, "node-3", "node-1");
        QuorumChecks.Result checked = p.check();
        assertThat(check(checked, "takeover").reason()).contains("node-1 has quorum and UpToDate data: it is "
                + "promoted after the forced demotion");
        assertThat(p.steps(checked)).extracting(s -> s.title()).containsExactly(
                "Force node-3 to Secondary (r2, drbdadm secondary --force)",
                "Promote node-1, which has quorum (r2)");
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).contains("node-1 is Primary with quorum");
        assertThat(sh(c, "node-1", "drbdadm role r2").strip()).isEqualTo("Primary");
        assertThat(SimState.primaries(c, "r2")).isEqualTo(1);

        QuorumChecks.Result none = plan(a, "node-3", "node-2").check();
        assertThat(check(none, "lost").status()).as("node-3 is Secondary now").isEqualTo(Check.Status.BLOCK);
    }

    @Test
    void aPrimaryWithQuorumOrA84NodeIsNotForced() throws Exception {
        SimCluster c = SimClusters.layout(SimVersion.V9, 3, 3);
        QuorumChecks.Result fine = plan(new SimAccess(c), "node-3").check();
        assertThat(check(fine, "lost").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(fine, "lost").reason()).contains("has quorum (node-3 sees 3 of 3 nodes");
        assertThat(check(fine, "lost").remedy()).contains("drbd-pilot switchover r2");
        QuorumChecks.Result secondary = plan(new SimAccess(c), "node-1").check();
        assertThat(check(secondary, "lost").reason()).isEqualTo("node-1 is Secondary for r2: nothing to recover.");

        SimCluster lab = SimClusters.lab84(false);
        QuorumChecks.Result old = new ForceSecondary(new SimAccess(lab), "r0", "alpha", List.of("alpha", "beta"),
                null, new ForceSecondary.Options(null, "alice@ws1", Duration.ofSeconds(15))).check();
        assertThat(check(old, "supported").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(old, "supported").reason()).contains("DRBD 8.4.11").contains("needs DRBD 9.1.7");
    }
}
