// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.disk;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing a failed backing disk on the simulator: the checks, the plan, its faults; the good copy never touched. */
class ReplaceDiskTest {

    @TempDir
    Path dir;

    private ReplaceDisk plan(SimAccess a, String res, String node, String confirm) {
        return new ReplaceDisk(a, res, node, List.of("alpha", "beta"), null, confirm, new ReplaceDisk.Options(
                dir.resolve("audit.jsonl"), "alice@ws1", Duration.ofSeconds(15), Duration.ofMinutes(30)));
    }

    private static Check check(DiskChecks.Result r, String id) {
        return r.checks().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    private static String sh(SimCluster c, String node, String cmd) {
        return new SimShell(c, node, "root").run(cmd).stdout();
    }

    /** No command that writes metadata, invalidates or detaches ran on any node but the repaired one. */
    private static void onlyOn(SimAccess a, String node) {
        assertThat(a.commandLog).filteredOn(l -> !l.startsWith(node + ":")).noneMatch(l -> l.contains("create-md")
                || l.contains("invalidate") || l.contains("detach") || l.contains("wipefs"));
    }

    @Test
    void aFailedDiskIsRefusedUntilSwappedThenReplacedAndResyncedFromTheGoodNode() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        c.failDisk("beta", "r1");
        SimAccess a = new SimAccess(c);
        DiskChecks.Result before = plan(a, "r1", "beta", null).check();
        assertThat(check(before, "state").status()).isEqualTo(Check.Status.PASS);
        assertThat(check(before, "good-copy").reason()).contains("alpha is UpToDate");
        assertThat(check(before, "device-0").status()).as("the failed disk still holds the old metadata")
                .isEqualTo(Check.Status.BLOCK);
        assertThat(check(before, "device-0").remedy()).contains("--confirm-device /dev/vdc");

        c.swapDisk("beta", "r1");
        ReplaceDisk p = plan(a, "r1", "beta", null);
        DiskChecks.Result checked = p.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(check(checked, "device-0").reason()).contains("/dev/vdc is 64 MiB").contains("blank");
        assertThat(p.script(checked)).contains("drbdadm create-md r1").doesNotContain("--force")
                .contains("drbdadm attach r1").doesNotContain("invalidate");
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(sh(c, "beta", "cat /proc/drbd")).contains(" 1: cs:Connected ro:Secondary/Secondary "
                + "ds:UpToDate/UpToDate");
        assertThat(c.dataLoss()).isEmpty();
        onlyOn(a, "beta");
    }

    @Test
    void theLabsCaseAResourceTakenDownAndItsMetadataWipedIsBroughtUpOnTheNewMetadata() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        sh(c, "beta", "drbdadm down r1");
        assertThat(new SimShell(c, "beta", "root").run("wipefs -a /dev/vdc").exit()).isZero();
        SimAccess a = new SimAccess(c);
        // wipefs erased the signature, not the old data at the start, where drbdmeta create-md looks (CI on the real
        // kernel: "Do you want to proceed?", exit 1): that needs the operator's word, then create-md --force
        DiskChecks.Result unconfirmed = plan(a, "r1", "beta", null).check();
        assertThat(check(unconfirmed, "device-0").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(unconfirmed, "device-0").reason()).contains("holds data at its start");
        SimShell.Result asked = new SimShell(c, "beta", "root").run("drbdadm create-md r1");
        assertThat(asked.exit()).as("drbdmeta asks and, without a terminal, cancels").isNotZero();
        assertThat(asked.stderr()).startsWith("Do you want to proceed?");
        ReplaceDisk p = plan(a, "r1", "beta", "/dev/vdc");
        DiskChecks.Result checked = p.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(checked.state()).isEqualTo("down");
        assertThat(p.script(checked)).contains("drbdadm up r1").contains("drbdadm create-md --force r1");
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(sh(c, "alpha", "drbdadm status r1")).contains("replication:Established peer-disk:UpToDate");
        assertThat(c.dataLoss()).isEmpty();
    }

    @Test
    void aDeviceThatHoldsSomethingIsOverwrittenOnlyWhenConfirmedByItsPath() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        sh(c, "beta", "drbdadm detach r1");
        SimAccess a = new SimAccess(c);
        ReplaceDisk p = plan(a, "r1", "beta", "/dev/vdc");
        DiskChecks.Result checked = p.check();
        assertThat(check(checked, "device-0").status()).isEqualTo(Check.Status.WARN);
        assertThat(check(checked, "device-0").reason()).contains("holds DRBD metadata");
        assertThat(p.script(checked)).contains("drbdadm create-md --force r1");
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(c.dataLoss()).as("alpha kept the good copy").isEmpty();
    }

    @Test
    void withoutAnotherGoodCopyOrAsAPrimaryCutOffFromItsPeerItBlocks() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        c.failDisk("alpha", "r1");
        c.failDisk("beta", "r1");
        DiskChecks.Result none = plan(new SimAccess(c), "r1", "beta", null).check();
        assertThat(check(none, "good-copy").status()).isEqualTo(Check.Status.BLOCK);

        SimCluster d = SimClusters.lab84(false); // r0: Primary on alpha
        d.cut("alpha", "beta");
        d.failDisk("alpha", "r0");
        DiskChecks.Result primary = new ReplaceDisk(new SimAccess(d), "r0", "alpha", List.of("alpha", "beta"), null,
                null, new ReplaceDisk.Options(dir.resolve("a.jsonl"), "x", Duration.ofSeconds(5),
                Duration.ofMinutes(1))).check();
        assertThat(primary.checks()).anyMatch(k -> k.id().equals("primary") && k.status() == Check.Status.BLOCK);
    }

    @Test
    void whenTheGoodNodeFailsBeforeTheNewMetadataNothingIsWrittenAndAPersonIsAsked() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        c.failDisk("beta", "r1");
        c.swapDisk("beta", "r1");
        SimAccess a = new SimAccess(c);
        ReplaceDisk p = plan(a, "r1", "beta", null);
        DiskChecks.Result checked = p.check();
        a.interceptor = (n, cmd) -> {
            if (cmd.argv().contains("blkid")) {
                c.failDisk("alpha", "r1"); // the good node's disk dies while the new disk is checked
            }
            return null;
        };
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.MANUAL);
        assertThat(r.message()).contains("no longer UpToDate");
        assertThat(a.commandLog).noneMatch(l -> l.contains("create-md"));
        assertThat(c.dataLoss()).isEmpty();
    }
}
