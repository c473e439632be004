// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.drbd.parse.Drbd84Mapping;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.RemoteCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The live monitor against the real lab. Ends with the lab in its baseline (the crash test runs lab/up).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorLabIT {

    private static ClusterMonitor monitor;
    private static Map<String, NodeChannel> probes;
    private static Path labDir;

    @BeforeAll
    static void start() {
        String nodes = System.getProperty("lab.nodes", "");
        assumeThat(nodes.split(",")).hasSizeGreaterThanOrEqualTo(2);
        labDir = Path.of(System.getProperty("lab.faultCommand", "../shared/lab/fault")).getParent();
        List<String> specs = List.of(nodes.split(","));
        Map<String, NodeChannel> sessions = new LinkedHashMap<>();
        probes = new LinkedHashMap<>();
        String[] names = {"alpha", "beta"};
        for (int i = 0; i < 2; i++) {
            sessions.put(names[i], LabNodes.session(specs.get(i), Duration.ofSeconds(3), 8));
            probes.put(names[i], LabNodes.session(specs.get(i), Duration.ofSeconds(3), 8));
        }
        monitor = new ClusterMonitor("lab", sessions, Clock.systemUTC(), HealthPolicy.defaults());
        monitor.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor.snapshot().nodes().stream()
                .allMatch(n -> n.isLive() && n.ready()));
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
            probes.values().forEach(NodeChannel::close);
        }
    }

    private static ResourceState res(String node, String name) {
        return monitor.snapshot().node(node).orElseThrow().resources().stream().filter(r -> r.name().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void theSnapshotMatchesProcDrbdOnEveryNode() throws Exception {
        for (Map.Entry<String, NodeChannel> e : probes.entrySet()) {
            NodeView v = monitor.snapshot().node(e.getKey()).orElseThrow();
            var proc = ProcDrbdParser.parse(e.getValue().run(RemoteCommand.of("cat", "/proc/drbd"),
                    Duration.ofSeconds(30)).stdout()).value();
            List<ResourceState> fromProc = Drbd84Mapping.toResources(proc,
                    m -> v.config().resourceOfMinor(v.drbdHost(), m).orElse(null));
            for (ResourceState p : fromProc) {
                ResourceState s = res(e.getKey(), p.name());
                assertThat(s.role().value()).isEqualTo(p.role().value());
                assertThat(s.devices().get(0).disk().value()).isEqualTo(p.devices().get(0).disk().value());
                assertThat(s.connections().get(0).connection().value())
                        .isEqualTo(p.connections().get(0).connection().value());
            }
        }
    }

    @Test
    @Order(2)
    void aRoleChangeReachesTheSnapshotQuickly() throws Exception {
        NodeChannel beta = probes.get("beta");
        long total = 0;
        for (int i = 0; i < 3; i++) {
            beta.run(RemoteCommand.root("drbdadm", "primary", "r1"), Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> res("beta", "r1").role().is(Role.PRIMARY));
            long t0 = System.nanoTime();
            var r = beta.run(RemoteCommand.root("drbdadm", "secondary", "r1"), Duration.ofSeconds(30));
            long commandDone = System.nanoTime();
            assertThat(r.exitCode()).isZero();
            await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> res("beta", "r1").role().is(Role.SECONDARY));
            long seen = System.nanoTime();
            total += seen - t0;
            System.out.printf("lab: drbdadm secondary took %d ms, the snapshot showed it %d ms after it returned%n",
                    (commandDone - t0) / 1_000_000, (seen - commandDone) / 1_000_000);
        }
        Files.writeString(Path.of("target", "lab-latency.txt"), "secondary->snapshot mean ms: "
                + total / 3 / 1_000_000 + "\n");
    }

    @Test
    @Order(3)
    void aCutShowsBothSidesWaitingAndHealResyncsToUpToDate() throws Exception {
        LabNodes.script(labDir, "./fault", "alpha", "cut");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> res("alpha", "r0").connections().get(0).connection()
                    .is(CState.CONNECTING) && res("beta", "r0").connections().get(0).connection()
                    .is(CState.CONNECTING));
            probes.get("alpha").run(RemoteCommand.of("sh", "-c", "mount /dev/drbd0 /mnt/r0 && dd if=/dev/zero "
                    + "of=/mnt/r0/monitor.bin bs=1M count=4 conv=fsync 2>/dev/null; umount /mnt/r0"),
                    Duration.ofSeconds(60));
        } finally {
            LabNodes.script(labDir, "./fault", "alpha", "heal");
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            ClusterSnapshot s = monitor.snapshot();
            return res("alpha", "r0").connections().get(0).connection().is(CState.CONNECTED)
                    && res("beta", "r0").devices().get(0).disk().raw().equals("UpToDate")
                    && res("beta", "r0").connections().get(0).peerDevices().get(0).replication().raw()
                    .equals("Established") && s.nodes().stream().allMatch(NodeView::isLive);
        });
    }

    @Test
    @Order(4)
    void aCrashedNodeIsStaleAndLabUpBringsItBack() throws Exception {
        LabNodes.script(labDir, "./crash", "beta");
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor.snapshot().node("beta").orElseThrow()
                .freshness() == NodeView.Freshness.STALE);
        assertThat(monitor.snapshot().node("beta").orElseThrow().resources()).isNotEmpty();
        LabNodes.script(labDir, "./up");
        // Leave the lab as found: every resource on beta connected and UpToDate on both sides again.
        await().atMost(Duration.ofSeconds(180)).until(() -> {
            NodeView b = monitor.snapshot().node("beta").orElseThrow();
            return b.isLive() && !b.resources().isEmpty() && b.resources().stream().allMatch(r ->
                    r.devices().stream().allMatch(d -> d.disk().raw().equals("UpToDate"))
                    && r.connections().stream().allMatch(c -> c.connection().is(CState.CONNECTED)
                            && c.peerDevices().stream().allMatch(p -> p.replication().raw().equals("Established")
                                    && p.peerDisk().raw().equals("UpToDate"))));
        });
    }
}
