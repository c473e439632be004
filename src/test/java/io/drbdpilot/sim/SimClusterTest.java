// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.FindingKind;
import io.drbdpilot.drbd.inspect.Inspector;
import io.drbdpilot.drbd.model.ConnState84;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.drbd.parse.DrbdadmStatusParser;
import io.drbdpilot.drbd.parse.DumpXmlParser;
import io.drbdpilot.drbd.parse.Events2Stream;
import io.drbdpilot.drbd.parse.ProcDevice;
import io.drbdpilot.drbd.parse.ProcDrbd;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import io.drbdpilot.drbd.parse.RefusalParser;
import io.drbdpilot.drbd.parse.StatusJsonParser;
import io.drbdpilot.drbd.parse.VersionParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimClusterTest {

    private static ProcDevice proc(SimCluster c, String node, int index) throws Exception {
        SimShell.Result r = new SimShell(c, node, "root").run("cat /proc/drbd");
        assertThat(r.exit()).isZero();
        return ProcDrbdParser.parse(r.stdout()).value().devices().get(index);
    }

    private static SimShell.Result sh(SimCluster c, String node, String cmd) {
        return new SimShell(c, node, "root").run(cmd);
    }

    @Test
    void baselineLooksLikeTheLabAndParses() throws Exception {
        SimCluster c = SimClusters.lab84(true);
        String alpha = sh(c, "alpha", "cat /proc/drbd").stdout();
        assertThat(alpha).startsWith("version: 8.4.11 (api:1/proto:86-101)\nsrcversion: F73C670A7EC572DB9CF3E5B \n"
                + " 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----\n    ns:");
        // gamma has only minor 2: the blank line for the missing minors, as in the lab.
        assertThat(sh(c, "gamma", "cat /proc/drbd").stdout()).contains("F73C670A7EC572DB9CF3E5B \n\n 2: cs:Connected");
        ProcDrbd g = ProcDrbdParser.parse(sh(c, "gamma", "cat /proc/drbd").stdout()).value();
        assertThat(g.devices()).extracting(ProcDevice::minor).containsExactly(2);

        assertThat(sh(c, "alpha", "drbdadm role r0").stdout()).isEqualTo("Primary/Secondary\n");
        assertThat(sh(c, "beta", "drbdadm role all; drbdadm cstate all; drbdadm dstate all").stdout())
                .isEqualTo(Samples.section("drbdadm_status", "beta", "drbdadm role all", 0).output());
        assertThat(sh(c, "alpha", "drbdadm status r0").stdout())
                .isEqualTo(Samples.section("drbdadm_status", "alpha", "drbdadm status r0", 0).output());
        assertThat(sh(c, "alpha", "drbdadm status").stdout())
                .isEqualTo(Samples.section("drbdadm_status", "alpha", "drbdadm status", 1).output());
        assertThat(VersionParser.parse(sh(c, "alpha", "drbdadm --version").stdout()).value().kernelVersion())
                .isEqualTo("8.4.11");
        assertThat(DumpXmlParser.parse(sh(c, "alpha", "drbdadm dump-xml").stdout()).value().resourceOfMinor("gamma",
                2)).contains("r2");
        assertThat(sh(c, "alpha", "uname -n").stdout()).isEqualTo("alpha\n");
    }

    @Test
    void events2NowMatchesTheLabLineForLine() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        String sim = sh(c, "alpha", "drbdsetup events2 --now").stdout();
        assertThat(sim).isEqualTo(Samples.section("drbdsetup_events2", "alpha", "drbdsetup events2 --now", 1)
                .output());
        List<ResourceState> st = Events2Stream.parse(sh(c, "beta", "drbdsetup events2 --now --statistics all")
                .stdout()).value().resources();
        assertThat(st.get(0).role().value()).isEqualTo(Role.SECONDARY);
        assertThat(st.get(0).connections().get(0).peerRole().value()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void refusalTextsAndExitCodesAreTheLabsToTheCharacter() {
        SimCluster c = SimClusters.lab84(false);
        SimShell.Result two = sh(c, "beta", "drbdadm primary r0");
        assertThat(two.exit()).isEqualTo(11);
        assertThat(two.stderr()).isEqualTo(Samples.section("refusals", "beta", "drbdadm primary r0", 0).output());

        SimShell.Result heldOpen = sh(c, "alpha", "mkdir -p /mnt/r0; mount /dev/drbd0 /mnt/r0 && drbdadm secondary r0");
        assertThat(heldOpen.exit()).isEqualTo(11);
        assertThat(heldOpen.stderr()).isEqualTo(Samples.section("refusals", "alpha", "mkdir -p /mnt/r0; mount", 0)
                .output());

        SimShell.Result mount = sh(c, "beta", "mkdir -p /mnt/r0; mount /dev/drbd0 /mnt/r0");
        assertThat(mount.exit()).isEqualTo(32);
        assertThat(mount.stderr()).isEqualTo(Samples.section("refusals", "beta", "mkdir -p /mnt/r0; mount", 0)
                .output());
        SimShell.Result dd = sh(c, "beta", "dd if=/dev/zero of=/dev/drbd0 bs=4096 count=1 oflag=direct");
        assertThat(dd.exit()).isEqualTo(1);
        assertThat(dd.stderr()).isEqualTo("dd: failed to open '/dev/drbd0': Read-only file system\n");
        assertThat(sh(c, "alpha", "drbdadm role r9").stderr())
                .isEqualTo("'r9' not defined in your config (for this host).\n");
        assertThat(sh(c, "alpha", "frobnicate --now")).isEqualTo(new SimShell.Result(127, "",
                "bash: line 1: frobnicate: command not found\n"));
        assertThat(new SimShell(c, "alpha", "admin").run("drbdadm role r0").exit()).isEqualTo(127);
        assertThat(new SimShell(c, "alpha", "admin").run("sudo -n -- drbdadm role r0").stdout())
                .isEqualTo("Primary/Secondary\n");
    }

    @Test
    void switchoverInTheSafeOrder() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        assertThat(sh(c, "alpha", "drbdadm secondary r0").exit()).isZero();
        assertThat(proc(c, "beta", 0).peerRole().value()).isEqualTo(Role.SECONDARY);
        assertThat(sh(c, "beta", "drbdadm primary r0").exit()).isZero();
        ProcDevice a = proc(c, "alpha", 0);
        assertThat(a.role().value()).isEqualTo(Role.SECONDARY);
        assertThat(a.peerRole().value()).isEqualTo(Role.PRIMARY);
        assertThat(sh(c, "beta", "mount /dev/drbd0 /mnt/r0 && cat /proc/mounts").stdout())
                .contains("/dev/drbd0 /mnt/r0 ext4");
    }

    @Test
    void cutWriteHealResyncsAtTheConfiguredRateToUpToDate() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        c.cut("alpha", "beta");
        assertThat(proc(c, "alpha", 0).cs().value()).isEqualTo(ConnState84.WF_CONNECTION);
        assertThat(proc(c, "alpha", 0).peerDisk().value()).isEqualTo(DiskState.DUNKNOWN);
        assertThat(sh(c, "alpha", "mount /dev/drbd0 /mnt/r0 && dd if=/dev/urandom of=/mnt/r0/blob bs=1M count=40 "
                + "conv=fsync; umount /mnt/r0").exit()).isZero();
        assertThat(proc(c, "alpha", 0).counter("oos")).isEqualTo(40960L);
        c.heal("alpha", "beta");
        ProcDevice src = proc(c, "alpha", 0);
        ProcDevice dst = proc(c, "beta", 0);
        assertThat(src.cs().value()).isEqualTo(ConnState84.SYNC_SOURCE);
        assertThat(dst.cs().value()).isEqualTo(ConnState84.SYNC_TARGET);
        assertThat(dst.disk().value()).isEqualTo(DiskState.INCONSISTENT);
        c.tick(Duration.ofMillis(500)); // 40 MiB/s: 20 MiB done
        dst = proc(c, "beta", 0);
        assertThat(dst.progress().leftKiB()).isEqualTo(20480L);
        assertThat(dst.progress().percent()).isEqualTo(50.0);
        assertThat(dst.progress().wantKiBps()).isEqualTo(40960L);
        assertThat(dst.progress().speedKiBps()).isEqualTo(40960L);
        c.tick(Duration.ofSeconds(1));
        assertThat(proc(c, "beta", 0).cs().value()).isEqualTo(ConnState84.CONNECTED);
        assertThat(proc(c, "beta", 0).disk().value()).isEqualTo(DiskState.UP_TO_DATE);
    }

    @Test
    void aStuckResyncIsReportedStalledByTheKernel() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        c.cut("alpha", "beta");
        c.write("alpha", "r0", 0, 4096);
        c.stuckResync("r0", true);
        c.heal("alpha", "beta");
        c.tick(Duration.ofSeconds(181));
        assertThat(proc(c, "beta", 0).progress().stalled()).isTrue();
        assertThat(sh(c, "beta", "drbdadm pause-sync r0").exit()).isZero();
        assertThat(proc(c, "beta", 0).cs().value()).isEqualTo(ConnState84.PAUSED_SYNC_T);
    }

    @Test
    void splitBrainGivesStandAloneOnBothSidesAndDiscardMyDataResolvesIt() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        c.cut("alpha", "beta");
        assertThat(sh(c, "alpha", "drbdadm primary r1").exit()).isZero();
        assertThat(sh(c, "beta", "drbdadm primary r1").exit()).isZero();
        c.write("alpha", "r1", 0, 2048);
        c.write("beta", "r1", 0, 2048);
        c.heal("alpha", "beta");
        assertThat(proc(c, "alpha", 1).cs().value()).isEqualTo(ConnState84.STANDALONE);
        assertThat(proc(c, "beta", 1).cs().value()).isEqualTo(ConnState84.STANDALONE);
        assertThat(proc(c, "beta", 1).protocol()).isNull();
        assertThat(sh(c, "beta", "dmesg").stdout()).contains("block drbd1: Split-Brain detected but unresolved");
        // The capture's own health check sees it, from the simulator's output alone.
        List<Finding> f = Inspector.inspect("beta", "### beta$ cat /proc/drbd\n" + sh(c, "beta", "cat /proc/drbd")
                .stdout() + "[exit 0]\n### beta$ dmesg\n" + sh(c, "beta", "dmesg").stdout() + "[exit 0]\n",
                Instant.EPOCH).get(0).findings();
        assertThat(f).extracting(Finding::kind).contains(FindingKind.SPLIT_BRAIN);

        // The victim: disconnect fails as in the lab, secondary, connect --discard-my-data; the survivor connects.
        SimShell.Result d = sh(c, "beta", "drbdadm disconnect r1");
        assertThat(d.exit()).isEqualTo(10);
        assertThat(RefusalParser.parse(d.stderr()).get(0).code()).isEqualTo(162);
        assertThat(sh(c, "beta", "drbdadm secondary r1; drbdadm connect --discard-my-data r1").exit()).isZero();
        assertThat(sh(c, "alpha", "drbdadm connect r1").exit()).isZero();
        assertThat(proc(c, "beta", 1).cs().value()).isEqualTo(ConnState84.SYNC_TARGET);
        c.tick(Duration.ofSeconds(5));
        assertThat(proc(c, "beta", 1).cs().value()).isEqualTo(ConnState84.CONNECTED);
        assertThat(proc(c, "alpha", 1).role().value()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void crashOfThePrimaryFailoverAndRestartResyncsTheWholeDevice() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        c.crash("alpha");
        assertThat(sh(c, "alpha", "true").exit()).isEqualTo(255);
        assertThat(proc(c, "beta", 0).cs().value()).isEqualTo(ConnState84.WF_CONNECTION);
        assertThat(sh(c, "beta", "drbdadm primary r0").exit()).isZero();
        c.write("beta", "r0", 0, 40);
        c.restart("alpha");
        assertThat(proc(c, "alpha", 0).role().value()).isEqualTo(Role.SECONDARY);
        assertThat(proc(c, "beta", 0).cs().value()).isEqualTo(ConnState84.SYNC_SOURCE);
        assertThat(proc(c, "alpha", 0).progress().totalKiB()).isEqualTo(131032L);
    }

    @Test
    void dualPrimaryNeedsProtocolCAndCannotBeClearedWhileBothArePrimary() {
        SimCluster c = new SimCluster(SimVersion.V84, List.of("a", "b"), List.of(new SimResourceSpec("r0",
                List.of("a", "b"), List.of(), List.of(0), List.of(1024L), 7789, 'A', false, 1024, null, "off")));
        assertThat(sh(c, "a", "drbdadm net-options --allow-two-primaries=yes r0").stderr())
                .startsWith("0: Failure: (139) Protocol C required");
        SimCluster lab = SimClusters.lab84(false);
        assertThat(sh(lab, "alpha", "drbdadm net-options --protocol=C --allow-two-primaries r0").exit()).isZero();
        assertThat(sh(lab, "beta", "drbdadm primary r0").exit()).isZero();
        SimShell.Result off = sh(lab, "alpha", "drbdadm net-options --allow-two-primaries=no r0");
        assertThat(off.exit()).isEqualTo(10);
        assertThat(off.stderr()).contains("(164)");
        assertThat(sh(lab, "beta", "drbdadm secondary r0").exit()).isZero();
        assertThat(sh(lab, "alpha", "drbdadm net-options --allow-two-primaries=no r0").exit()).isZero();
        assertThat(sh(lab, "alpha", "drbdadm -d adjust r0").stdout()).isEmpty();
    }

    @Test
    void promotionWithoutUpToDateDataIsRefusedUnlessForced() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        assertThat(sh(c, "beta", "drbdadm invalidate r1").exit()).isZero();
        c.cut("alpha", "beta");
        SimShell.Result r = sh(c, "beta", "drbdadm primary r1");
        assertThat(r.exit()).isEqualTo(17);
        assertThat(r.stderr()).isEqualTo("1: State change failed: (-2) Need access to UpToDate data\n"
                + "Command 'drbdsetup-84 primary 1' terminated with exit code 17\n");
        assertThat(sh(c, "beta", "drbdadm primary --force r1").exit()).isZero();
        assertThat(proc(c, "beta", 1).disk().value()).isEqualTo(DiskState.UP_TO_DATE);
    }

    @Test
    void drbd9QuorumThreePeersMayPromoteAndOpeners() throws Exception {
        SimCluster c = SimClusters.demo();
        List<ResourceState> b = Events2Stream.parse(sh(c, "node-b", "drbdsetup events2 --now all").stdout()).value()
                .resources();
        ResourceState db = b.stream().filter(r -> r.name().equals("db")).findFirst().orElseThrow();
        // highest peer node id first, as the real DRBD 9.2.18 kernel lists its connections
        assertThat(db.connections()).extracting(x -> x.name()).containsExactly("node-c", "node-a");
        assertThat(db.devices()).hasSize(2);
        assertThat(db.mayPromote()).isFalse(); // node-a is Primary
        assertThat(db.devices().get(0).quorum()).isTrue();
        ResourceState files = b.stream().filter(r -> r.name().equals("files")).findFirst().orElseThrow();
        assertThat(files.connection("node-a").orElseThrow().peerDevice(0).orElseThrow().peerClient()).isTrue();
        // One node of db running alone has no quorum and may not be promoted.
        c.cut("node-c", "node-a");
        c.cut("node-c", "node-b");
        SimShell.Result r = sh(c, "node-c", "drbdadm primary db");
        assertThat(r.exit()).isEqualTo(11);
        assertThat(r.stderr()).startsWith("db: State change failed: (-25) No quorum\n");
        List<ResourceState> cState = StatusJsonParser.parse(sh(c, "node-c", "drbdsetup status --json").stdout())
                .value();
        assertThat(cState.stream().filter(x -> x.name().equals("db")).findFirst().orElseThrow().devices().get(0)
                .quorum()).isFalse();
        // Demoting a device held open: DRBD 9 lists the openers.
        c.hosts().holdOpen("node-b", 1004, "qemu-system-x86", 4242);
        SimShell.Result held = sh(c, "node-b", "drbdadm secondary vm-mail");
        assertThat(RefusalParser.parse(held.stderr()).get(0).openers()).extracting(o -> o.command())
                .contains("qemu-system-x86");
    }

    @Test
    void demoIsMixedAndOneResourceResyncs() throws Exception {
        SimCluster c = SimClusters.demo();
        List<ResourceState> a = DrbdadmStatusParser.parse(sh(c, "node-a", "drbdadm status").stdout()).value();
        ResourceState db = a.stream().filter(r -> r.name().equals("db")).findFirst().orElseThrow();
        assertThat(db.connection("node-c").orElseThrow().peerDevice(0).orElseThrow().replication().value())
                .isEqualTo(ReplicationState.SYNC_SOURCE);
        ResourceState archive = DrbdadmStatusParser.parse(sh(c, "node-a", "drbdadm status archive").stdout()).value()
                .get(0);
        assertThat(archive.connections().get(0).connection().value()).isEqualTo(CState.CONNECTING);
        assertThat(sh(c, "node-b", "virsh list").stdout()).contains("mail").contains("running");
        assertThat(sh(c, "node-a", "systemctl is-active nginx").stdout()).isEqualTo("active\n");
    }

    @Test
    void liveMigrationNeedsTheTargetPrimary() {
        SimCluster c = SimClusters.demo();
        SimShell.Result refused = sh(c, "node-b", "virsh migrate --live mail qemu+ssh://node-c/system");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.stderr()).contains("Wrong medium type");
        assertThat(sh(c, "node-b", "drbdadm net-options --allow-two-primaries=yes vm-mail").exit()).isZero();
        assertThat(sh(c, "node-c", "drbdadm primary vm-mail").exit()).isZero();
        assertThat(sh(c, "node-b", "virsh migrate --live --persistent --undefinesource mail qemu+ssh://node-c/system")
                .exit()).isZero();
        assertThat(sh(c, "node-c", "virsh list").stdout()).contains("mail");
        assertThat(sh(c, "node-b", "drbdadm secondary vm-mail").exit()).isZero();
        // Xen's xl lists its own domains (not libvirt's), and applies the same rule.
        assertThat(sh(c, "node-c", "xl list").stdout()).doesNotContain("mail");
        c.hosts().addXenVm("node-c", "xdom", List.of(1004), true);
        assertThat(sh(c, "node-c", "xl list").stdout()).contains("xdom");
        assertThat(sh(c, "node-c", "xl list -l xdom").stdout()).contains("\"pdev_path\": \"/dev/drbd1004\"");
        assertThat(sh(c, "node-c", "xl migrate xdom node-b").stderr()).contains("device /dev/drbd1004 is read-only");
    }

    /**
     * A big cluster's node ids come from an index of its node order (a scan of 200 names per id was a tenth of the
     * simulator's CPU), and each resource's dump-xml text is rendered once for all its nodes: both must print what the
     * scan and a fresh rendering print.
     */
    @Test
    void aBigClustersNodeIdsAndDumpsAreThoseOfItsOrder() throws Exception {
        SimCluster c = SimClusters.generated(SimVersion.V9, 12, 4);
        List<String> order = c.nodes();
        for (SimResourceSpec s : c.resources()) {
            for (String n : order) {
                assertThat(s.nodeId(n)).isEqualTo(order.indexOf(n));
            }
            assertThat(s.nodeId("nobody")).isEqualTo(-1);
        }
        SimResourceSpec small = SimResourceSpec.simple("r0", 0, 1024, "alpha", "beta");
        assertThat(small.nodeId("beta")).isEqualTo(1); // a short order is scanned, and the last index is not used
        assertThat(c.resources().get(0).nodeId(order.get(11))).isEqualTo(11);

        String node = order.get(5);
        String first = new SimShell(c, node, "root").run("drbdadm dump-xml").stdout();
        String again = new SimShell(c, node, "root").run("drbdadm dump-xml").stdout();
        assertThat(again).isEqualTo(first);
        var parsed = DumpXmlParser.parse(first).value();
        assertThat(parsed.resources()).extracting(r -> r.name())
                .containsExactlyElementsOf(c.resourcesOf(node).stream().map(SimResourceSpec::name).toList());
        for (var r : parsed.resources()) {
            for (var h : r.hosts()) {
                assertThat(h.nodeId()).isEqualTo(order.indexOf(h.name()));
            }
        }
    }

    @Test
    void eachResourcesDumpTextIsKeptForAllItsNodesWhateverTheNodesShare() {
        SimCluster c = SimClusters.generated(SimVersion.V9, 40, 4); // 80 resources, 4 a node
        for (String n : c.nodes()) {
            assertThat(new SimShell(c, n, "root").run("drbdadm dump-xml").exit()).isZero();
        }
        synchronized (c) {
            assertThat(c.xmlTexts).hasSize(c.resources().size()); // rendered once each, none dropped along the way
        }
    }
}
