// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.config.AdjustAction;
import io.drbdpilot.ops.SimAccess;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimResourceSpec;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift and a previewed adjust on the simulator (the lab's 8.4 pair, and a DRBD 9 mesh). */
class AdjustTest {

    @TempDir
    Path dir;

    private Adjust plan(SimAccess a, List<String> nodes, String only) {
        return new Adjust(a, "r1", nodes, only, new Adjust.Options(dir.resolve("audit.jsonl"), "alice@ws1",
                Duration.ofSeconds(15)));
    }

    private static Check check(AdjustChecks.Result c, String id) {
        return c.checks().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    private static String sh(SimCluster c, String node, String cmd) {
        return new SimShell(c, node, "root").run(cmd).stdout();
    }

    @Test
    void aRateAndAVerifyAlgInTheFilesOfBothNodesAreSeenPreviewedAppliedAndVerified() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        assertThat(new SimShell(c, "alpha", "root").run("drbdadm primary r1").exit()).isZero();
        SimAccess a = new SimAccess(c);
        List<String> nodes = List.of("alpha", "beta");
        assertThat(ConfigDrift.read(new Probe(a), "r1", nodes).inSync()).isTrue();
        for (String n : nodes) {
            c.editFile(n, "r1", s -> s.withOptions(s.protocol(), s.allowTwoPrimaries(), 60 * 1024, "sha1"));
        }
        ConfigDrift drift = ConfigDrift.read(new Probe(a), "r1", nodes);
        assertThat(drift.filesDifferOn()).isEmpty();
        assertThat(drift.kernelDiffersOn()).containsExactly("alpha", "beta");
        assertThat(drift.adjust().get("alpha")).extracting(AdjustAction::line).containsExactly(
                "drbdsetup-84 disk-options 1 --set-defaults --resync-rate=60M --c-plan-ahead=0",
                "drbdsetup-84 net-options ipv4:10.99.0.11:7790 ipv4:10.99.0.12:7790 --set-defaults --protocol=C "
                        + "--verify-alg=sha1");
        assertThat(drift.findings()).anySatisfy(f -> assertThat(f).contains("alpha runs r1 otherwise than its files")
                .contains("changes disk options (resync-rate 60M, c-plan-ahead 0)"));

        Adjust p = plan(a, nodes, null);
        AdjustChecks.Result checked = p.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(checked.risky()).as("options only").isFalse();
        assertThat(checked.actOn()).as("the Secondary first, the Primary last").containsExactly("beta", "alpha");
        assertThat(p.script(checked)).contains("drbdadm adjust r1").doesNotContain("adjust all");
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(ConfigDrift.read(new Probe(a), "r1", nodes).inSync()).isTrue();
        assertThat(sh(c, "alpha", "drbdsetup show r1")).contains("61440k");
        assertThat(new SimShell(c, "alpha", "root").run("drbdadm verify r1").exit()).as("a verify-alg runs now")
                .isZero();
    }

    @Test
    void filesThatDifferBlockWithTheDiffUnlessTheOperatorNamesTheNodeWhoseFileIsMeant() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        SimAccess a = new SimAccess(c);
        List<String> nodes = List.of("alpha", "beta");
        c.editFile("alpha", "r1", s -> s.withOptions(s.protocol(), s.allowTwoPrimaries(), 80 * 1024,
                s.verifyAlg()));
        AdjustChecks.Result blocked = plan(a, nodes, null).check();
        assertThat(blocked.blocked()).isTrue();
        assertThat(check(blocked, "files").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(blocked, "files").reason()).contains("alpha (-) and beta (+)")
                .contains("-         resync-rate      80M;").contains("+         resync-rate      40M;");
        assertThat(sh(c, "alpha", "drbdsetup show r1")).contains("40960k");

        AdjustChecks.Result only = plan(a, nodes, "alpha").check();
        assertThat(only.blocked()).as(only.checks().toString()).isFalse();
        assertThat(check(only, "files").status()).isEqualTo(Check.Status.WARN);
        assertThat(only.actOn()).containsExactly("alpha");
    }

    @Test
    void nothingToApplyBlocksAndADisconnectDuringAResyncBlocks() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        SimAccess a = new SimAccess(c);
        AdjustChecks.Result nothing = plan(a, List.of("alpha", "beta"), null).check();
        assertThat(check(nothing, "work").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(nothing, "work").reason()).contains("drbdadm -d adjust r1 is empty");

        // a dangerous line, explained: a disconnect interrupts, a detach is dangerous, an unknown line too
        assertThat(AdjustAction.of("drbdsetup-84 disconnect ipv4:10.99.0.11:7790 ipv4:10.99.0.12:7790").impact())
                .isEqualTo(AdjustAction.Impact.INTERRUPTS);
        assertThat(AdjustAction.of("drbdsetup detach 1").words()).contains("Diskless");
        assertThat(AdjustAction.of("drbdsetup frobnicate r1").impact()).isEqualTo(AdjustAction.Impact.DANGEROUS);
        assertThat(AdjustAction.of("drbdsetup-84 net-options a b --shared-secret=hunter2").line())
                .contains("--shared-secret=***").doesNotContain("hunter2");
    }

    @Test
    void aNewPeerInTheFilesIsPreviewedAsNewPeerPathAndConnectAndJoinsWithAFullSync() throws Exception {
        List<String> nodes = List.of("alpha", "beta", "gamma");
        SimCluster c = new SimCluster(SimVersion.V9, nodes, List.of(new SimResourceSpec("r0", nodes, List.of(),
                List.of(1000), List.of(262_144L), 7000, 'C', false, 40 * 1024, null, "majority")));
        c.promote("alpha", "r0", false);
        c.hosts().newPeer("r0", "gamma"); // gamma set up with the new file; alpha's and beta's kernels know nothing yet
        assertThat(sh(c, "alpha", "drbdadm status r0")).doesNotContain("gamma");
        assertThat(sh(c, "gamma", "drbdadm status r0")).contains("alpha connection:Connecting")
                .contains("disk:Inconsistent");
        SimAccess a = new SimAccess(c);
        ConfigDrift drift = ConfigDrift.read(new Probe(a), "r0", nodes);
        assertThat(drift.filesDifferOn()).as("every file names gamma").isEmpty();
        assertThat(drift.kernelDiffersOn()).containsExactly("alpha", "beta");
        assertThat(drift.adjust().get("alpha")).extracting(AdjustAction::line).containsExactly(
                "drbdsetup new-peer r0 2 --_name=gamma --protocol=C",
                "drbdsetup new-path r0 2 ipv4:10.99.0.11:7000 ipv4:10.99.0.13:7000",
                "drbdsetup peer-device-options r0 2 0 --c-plan-ahead=0 --resync-rate=40M",
                "drbdsetup connect r0 2");
        assertThat(drift.adjust().get("alpha")).extracting(AdjustAction::words).contains("adds a network path to a "
                + "peer").anyMatch(w -> w.startsWith("adds a peer"));

        Adjust p = new Adjust(a, "r0", nodes, null, new Adjust.Options(dir.resolve("audit.jsonl"), "alice@ws1",
                Duration.ofSeconds(60)));
        AdjustChecks.Result checked = p.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(checked.actOn()).as("gamma runs its file already; the Primary last").containsExactly("beta",
                "alpha");
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message() + r.steps()).isEqualTo(Outcome.DONE);
        assertThat(sh(c, "alpha", "drbdadm status r0")).contains("gamma");
        c.tick(Duration.ofSeconds(30)); // 256 MiB at 40 MiB/s
        assertThat(sh(c, "gamma", "drbdadm status r0")).contains("disk:UpToDate").doesNotContain("Connecting");
        assertThat(ConfigDrift.read(new Probe(a), "r0", nodes).inSync()).isTrue();
    }
}
