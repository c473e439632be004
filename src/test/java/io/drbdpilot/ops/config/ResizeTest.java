// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.config;

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
import io.drbdpilot.sim.SimVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Growing a resource on the simulator: the lab's 8.4 pair (r1, 64 MiB) and a DRBD 9 mesh. */
class ResizeTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private Resize plan(SimAccess a, String res, List<String> nodes, boolean growFs, boolean assumeClean) {
        return new Resize(a, res, nodes, growFs, assumeClean, new Resize.Options(dir.resolve("audit.jsonl"),
                "alice@ws1", Duration.ofSeconds(15), Duration.ofMinutes(30)));
    }

    private static Check check(ResizeChecks.Result c, String id) {
        return c.checks().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    private static String sh(SimCluster c, String node, String cmd) {
        return new SimShell(c, node, "root").run(cmd).stdout();
    }

    /** A DRBD device's size from sysfs (8.4 does not let a Secondary's device be opened). */
    private static long size(SimCluster c, String node, String dev) {
        return Long.parseLong(sh(c, node, "cat /sys/block/" + dev.substring(5) + "/size").strip()) * 512;
    }

    /** KiB r1 received on a node (nr: in /proc/drbd). */
    private static long received(SimCluster c, String node) {
        Matcher m = Pattern.compile("(?m)^ 1: .*\\n\\s+ns:\\d+ nr:(\\d+)").matcher(sh(c, node, "cat /proc/drbd"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The lab's pair with r1 Primary on alpha and an ext4 mounted on it. */
    private static SimCluster lab() {
        SimCluster c = SimClusters.lab84(false);
        assertThat(new SimShell(c, "alpha", "root").run("drbdadm primary r1").exit()).isZero();
        assertThat(new SimShell(c, "alpha", "root").run("mount /dev/drbd1 /srv/r1").exit()).isZero();
        return c;
    }

    @Test
    void theChecksWaitUntilEveryNodesBackingDeviceHasGrownAndSayWhichHasNot() throws Exception {
        SimCluster c = lab();
        SimAccess a = new SimAccess(c);
        Resize p = plan(a, "r1", List.of("alpha", "beta"), false, false);
        ResizeChecks.Result before = p.check();
        assertThat(check(before, "grown").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(before, "grown").reason()).contains("alpha's /dev/vdc").contains("beta's /dev/vdc");

        sh(c, "alpha", "sim grow-disk r1 0 96");
        ResizeChecks.Result half = p.check();
        assertThat(check(half, "grown").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(half, "grown").reason()).doesNotContain("alpha's /dev/vdc").contains("beta's /dev/vdc (volume "
                + "0, 64.0 MiB)").contains("alpha volume 0: /dev/vdc 96.0 MiB, DRBD uses 64.0 MiB");
        assertThat(check(half, "grown").remedy()).contains("lvextend");

        sh(c, "beta", "sim grow-disk r1 0 80");
        ResizeChecks.Result ready = p.check();
        assertThat(ready.blocked()).as(ready.checks().toString()).isFalse();
        assertThat(check(ready, "grown").reason()).as("the smallest node sets the size")
                .contains("volume 0 from 64.0 MiB to about 80.0 MiB");
        assertThat(ready.on()).as("the resize runs on the Primary").isEqualTo("alpha");
    }

    @Test
    void aGrowIsConfirmedOnEveryNodeResyncsTheNewAreaAndGrowsTheMountedFilesystem() throws Exception {
        SimCluster c = lab();
        SimAccess a = new SimAccess(c);
        sh(c, "alpha", "sim grow-disk r1 0 96");
        sh(c, "beta", "sim grow-disk r1 0 96");
        long fsBefore = Long.parseLong(sh(c, "alpha", "df -B1 --output=size /srv/r1").lines().toList().get(1).strip());
        long nrBefore = received(c, "beta");
        Resize p = plan(a, "r1", List.of("alpha", "beta"), true, false);
        ResizeChecks.Result checked = p.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(check(checked, "fs").reason()).contains("ext4 on /srv/r1 grows online on alpha (resize2fs "
                + "/dev/drbd1)");
        assertThat(p.script(checked)).contains("drbdadm resize r1").contains("resize2fs /dev/drbd1")
                .doesNotContain("--assume-clean");

        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);

        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        long grown = size(c, "alpha", "/dev/drbd1");
        assertThat(grown).isGreaterThan(95 * MIB).isLessThan(96 * MIB).isEqualTo(size(c, "beta", "/dev/drbd1"));
        assertThat(r.message()).contains("r1 has grown on alpha, beta (volume 0 64.0 MiB → 96.0 MiB)")
                .contains("the filesystem on /srv/r1 grew");
        assertThat(r.steps()).extracting(s -> s.title()).containsExactly("Grow r1 (drbdadm resize)",
                "Grow the ext4 filesystem on /srv/r1 (alpha)");
        assertThat(sh(c, "beta", "drbdadm dstate r1").strip()).isEqualTo("UpToDate/UpToDate");
        assertThat(received(c, "beta") - nrBefore).as("the new area was resynced to beta (KiB)")
                .isGreaterThanOrEqualTo(32 * 1024 - 40);
        long fsAfter = Long.parseLong(sh(c, "alpha", "df -B1 --output=size /srv/r1").lines().toList().get(1)
                .strip());
        assertThat(fsAfter).isGreaterThan(fsBefore + 30 * MIB);
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"kind\":\"resize\"")
                .contains("\"argv\":[\"drbdadm\",\"resize\",\"r1\"]");
    }

    @Test
    void assumeCleanWarnsAndSkipsTheResyncOfTheNewArea() throws Exception {
        SimCluster c = lab();
        SimAccess a = new SimAccess(c);
        sh(c, "alpha", "sim grow-disk r1 0 96");
        sh(c, "beta", "sim grow-disk r1 0 96");
        Resize p = plan(a, "r1", List.of("alpha", "beta"), false, true);
        ResizeChecks.Result checked = p.check();
        assertThat(check(checked, "clean").status()).isEqualTo(Check.Status.WARN);
        assertThat(check(checked, "fs").reason()).as("not asked: the command is named")
                .contains("keeps its size until you grow it (resize2fs /dev/drbd1)");
        assertThat(p.script(checked)).contains("drbdadm resize --assume-clean r1");
        assertThat(p.steps(checked)).as("no filesystem step").hasSize(1);
        long nrBefore = received(c, "beta");
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(received(c, "beta")).as("nothing resynced").isEqualTo(nrBefore);
        assertThat(size(c, "beta", "/dev/drbd1")).isGreaterThan(95 * MIB);
    }

    @Test
    void noPrimaryARunningResyncOrADisconnectedPeerBlockAndTheKernelRefusesTheSame() throws Exception {
        SimCluster c = SimClusters.lab84(false); // r1 Secondary/Secondary, as the lab leaves it
        SimAccess a = new SimAccess(c);
        sh(c, "alpha", "sim grow-disk r1 0 96");
        sh(c, "beta", "sim grow-disk r1 0 96");
        Resize p = plan(a, "r1", List.of("alpha", "beta"), false, false);
        assertThat(check(p.check(), "primary").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(new SimShell(c, "alpha", "root").run("drbdadm resize r1").stderr())
                .contains("(131) Need one Primary node to resize");

        sh(c, "alpha", "drbdadm primary r1");
        sh(c, "beta", "drbdadm invalidate r1");
        ResizeChecks.Result resync = p.check();
        assertThat(check(resync, "connected").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(new SimShell(c, "alpha", "root").run("drbdadm resize r1").stderr())
                .contains("(130) Resize not allowed during resync");

        c.tick(Duration.ofMinutes(5));
        c.cut("alpha", "beta");
        ResizeChecks.Result apart = p.check();
        assertThat(check(apart, "connected").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(apart, "connected").reason()).contains("alpha → beta");
    }

    @Test
    void growFsBlocksWhenNothingIsMountedOnThePrimary() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        sh(c, "alpha", "drbdadm primary r1");
        sh(c, "alpha", "sim grow-disk r1 0 96");
        sh(c, "beta", "sim grow-disk r1 0 96");
        ResizeChecks.Result checked = plan(new SimAccess(c), "r1", List.of("alpha", "beta"), true, false).check();
        assertThat(check(checked, "fs").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(checked, "fs").reason()).isEqualTo("Nothing of r1 is mounted on alpha.");
    }

    @Test
    void aDrbd9MeshGrowsOnEveryNode() throws Exception {
        SimCluster c = SimClusters.layout(SimVersion.V9, 3, 3); // r2: three nodes, quorum, Primary on node-3
        SimAccess a = new SimAccess(c);
        String res = "r2";
        List<String> nodes = c.resources().get(2).nodes();
        for (String n : nodes) {
            sh(c, n, "sim grow-disk " + res + " 0 2048");
        }
        Resize p = plan(a, res, nodes, false, false);
        ResizeChecks.Result checked = p.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        int minor = c.resources().get(2).minors().get(0);
        for (String n : nodes) {
            assertThat(size(c, n, "/dev/drbd" + minor)).as(n).isGreaterThan(2047 * MIB - 64 * 1024 * 3);
        }
    }
}
