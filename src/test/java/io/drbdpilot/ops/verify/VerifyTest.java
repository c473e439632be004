// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimTicker;
import io.drbdpilot.drbd.inspect.VerifyLog;
import io.drbdpilot.ops.SimAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Online verify on the simulator: the checks, the kernel's findings as ranges, the history, the resync. */
class VerifyTest {

    @TempDir
    Path dir;

    private Verify plan(SimAccess a, String res, String node, String peer, String resyncFrom) {
        return new Verify(a, res, node, peer, resyncFrom, new Verify.Options(dir.resolve("audit.jsonl"), "alice@ws1",
                Duration.ofSeconds(15), Duration.ofMinutes(30), dir.resolve("verify-history.jsonl")));
    }

    private static Check check(VerifyChecks.Result r, String id) {
        return r.checks().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void withoutAVerifyAlgorithmItBlocksAndShowsTheConfigurationChange() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        VerifyChecks.Result r = plan(new SimAccess(c), "r1", "alpha", "beta", null).check();
        assertThat(check(r, "verify-alg").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(r, "verify-alg").reason()).contains("Need a verify algorithm");
        assertThat(check(r, "verify-alg").remedy()).contains("verify-alg sha256;").contains("drbdadm adjust r1");
        for (String n : List.of("alpha", "beta")) {
            new SimShell(c, n, "root").run("drbdadm net-options --verify-alg=sha1 r1");
        }
        VerifyChecks.Result runtime = plan(new SimAccess(c), "r1", "alpha", "beta", null).check();
        assertThat(check(runtime, "verify-alg").status()).as("runtime only: the next adjust drops it")
                .isEqualTo(Check.Status.WARN);
    }

    @Test
    void findsWhatDiffersBehindDrbdsBackRecordsItAndResyncsItFromTheGoodSide() throws Exception {
        SimCluster c = SimClusters.demo(); // DRBD 9, web has sha256
        c.hosts().corrupt("web", "node-b", 0, 1024, 8);
        c.hosts().corrupt("web", "node-b", 0, 4096, 4);
        SimAccess a = new SimAccess(c);
        Verify v = plan(a, "web", "node-a", "node-b", null);
        VerifyChecks.Result checked = v.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(v.script(checked)).contains("drbdadm verify web:node-b");
        PlanResult r;
        try (SimTicker t = SimTicker.start(c, 2)) {
            r = v.execute(PlanListener.NONE, Decider.ABORT, checked);
        }
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).contains("12 KiB out of sync in 2 ranges").contains("--resync-from");
        VerifyLog.Result found = v.lastFound();
        assertThat(found.ranges()).extracting(VerifyLog.Range::startKiB).containsExactly(1024L, 4096L);
        assertThat(found.outOfSyncKiB()).isEqualTo(12);

        // again, resyncing from node-a: found again (a disk that keeps diverging there), then nothing out of sync
        Verify fix = plan(a, "web", "node-a", "node-b", "node-a");
        VerifyChecks.Result again = fix.check();
        assertThat(fix.script(again)).contains("drbdadm invalidate-remote --reset-bitmap=no web:node-b");
        try (SimTicker t = SimTicker.start(c, 2)) {
            r = fix.execute(PlanListener.NONE, Decider.ABORT, again);
        }
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).contains("resynced from node-a, nothing out of sync now");
        List<VerifyHistory.Run> runs = new VerifyHistory(dir.resolve("verify-history.jsonl")).of("web");
        assertThat(runs).hasSize(2);
        assertThat(VerifyHistory.repeated(runs)).containsExactly(1024L, 4096L);
        assertThat(VerifyHistory.describe(runs)).contains("Found again and again");

        try (SimTicker t = SimTicker.start(c, 2)) { // and a third run finds nothing
            r = plan(a, "web", "node-a", "node-b", null).execute(PlanListener.NONE, Decider.ABORT, null);
        }
        assertThat(r.message()).contains("nothing out of sync");
    }

    @Test
    void on84WhatIsFoundIsResyncedWholeFromTheGoodSideAndAReconnectWithARuntimeAlgorithmGoesStandAlone()
            throws Exception {
        SimCluster c = SimClusters.lab84(false);
        for (String n : List.of("alpha", "beta")) {
            new SimShell(c, n, "root").run("drbdadm net-options --verify-alg=sha1 r1");
        }
        c.hosts().corrupt("r1", "beta", 0, 1024, 1024);
        SimAccess a = new SimAccess(c);
        Verify v = plan(a, "r1", "alpha", "beta", "alpha");
        VerifyChecks.Result checked = v.check();
        assertThat(check(checked, "resync-from").status()).as("a full resync on 8.4").isEqualTo(Check.Status.WARN);
        assertThat(v.script(checked)).contains("drbdadm verify r1").contains("drbdadm invalidate-remote r1")
                .doesNotContain("disconnect");
        PlanResult r;
        try (SimTicker t = SimTicker.start(c, 2)) {
            r = v.execute(PlanListener.NONE, Decider.ABORT, checked);
        }
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(v.lastFound().ranges()).extracting(VerifyLog.Range::startKiB).containsExactly(1024L);
        assertThat(v.lastFound().outOfSyncKiB()).isEqualTo(1024);
        assertThat(new SimShell(c, "alpha", "root").run("dmesg").stdout())
                .contains("block drbd1: Starting Online Verify from sector 0")
                .contains("block drbd1: Out of sync: start=2048, size=2048 (sectors)")
                .contains("block drbd1: Online verify found 256 4k block out of sync!");

        // what the lab's kernel does: beta reconnects with its configuration's verify-alg (none) while alpha keeps
        // sha1 at runtime, and both go StandAlone
        new SimShell(c, "beta", "root").run("drbdadm disconnect r1");
        new SimShell(c, "beta", "root").run("drbdadm connect r1");
        assertThat(new SimShell(c, "beta", "root").run("drbdadm cstate r1").stdout()).isEqualTo("StandAlone\n");
        assertThat(new SimShell(c, "beta", "root").run("dmesg").stdout())
                .contains("Different verify-alg settings. me=\"\" peer=\"sha1\"");
    }
}
