// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.SimSessions;
import io.drbdpilot.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.drbd.health.FindingKind;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.ssh.NodeChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor against the simulator served over real SSH: one session per node, real parsers, real faults. */
class ClusterMonitorSimTest {

    @TempDir
    Path dir;
    SimCluster sim;
    private SimServer server;
    private ClusterMonitor monitor;

    /** The nodes' channels: over SSH to the simulator's servers here; in process in the subclass. */
    Map<String, NodeChannel> channels() throws Exception {
        TestKeys.clientKey(dir);
        server = new SimServer(sim, dir.resolve("state"), dir.resolve("authorized_keys"), 0).start();
        return SimSessions.open(server, List.of("alpha", "beta"), dir, Duration.ofSeconds(1));
    }

    @BeforeEach
    void start() throws Exception {
        sim = SimClusters.lab84(false);
        monitor = new ClusterMonitor("lab", channels(), Clock.systemUTC(), HealthPolicy.defaults());
        monitor.start();
        await().atMost(Duration.ofSeconds(20)).until(monitor::settled);
    }

    @AfterEach
    void stop() {
        monitor.close();
        if (server != null) {
            server.close();
        }
    }

    private static ResourceState r0(ClusterSnapshot s, String node) {
        return s.node(node).orElseThrow().resources().stream().filter(r -> r.name().equals("r0")).findFirst()
                .orElseThrow();
    }

    private boolean has(FindingKind kind) {
        return monitor.snapshot().findings().stream().anyMatch(f -> f.finding().kind() == kind);
    }

    @Test
    void baselineIsLiveHealthyAndKnowsHostsVersionsAndConfiguration() {
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().nodes().stream()
                .allMatch(NodeView::isLive));
        ClusterSnapshot s = monitor.snapshot();
        NodeView alpha = s.node("alpha").orElseThrow();
        assertThat(alpha.drbdHost()).isEqualTo("alpha");
        assertThat(alpha.kernel().version()).isEqualTo("8.4.11");
        assertThat(alpha.utils().utilsVersion()).isEqualTo("9.22.0");
        assertThat(alpha.config().resource("r0")).isPresent();
        assertThat(r0(s, "alpha").role().value()).isEqualTo(Role.PRIMARY);
        assertThat(r0(s, "beta").connections().get(0).peerRole().value()).isEqualTo(Role.PRIMARY);
        assertThat(s.findings()).isEmpty();
    }

    @Test
    void aCutThenTwoPrimariesThenSplitBrainAreSeenAcrossNodes() {
        sim.cut("alpha", "beta");
        await().atMost(Duration.ofSeconds(10)).until(() -> r0(monitor.snapshot(), "beta").connections().get(0)
                .connection().is(CState.CONNECTING));
        await().atMost(Duration.ofSeconds(10)).until(() -> has(FindingKind.NOT_CONNECTED));

        sim.promote("beta", "r0", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> has(FindingKind.DUAL_PRIMARY));
        assertThat(monitor.snapshot().findings()).filteredOn(f -> f.finding().kind() == FindingKind.DUAL_PRIMARY)
                .singleElement().satisfies(f -> {
                    assertThat(f.node()).isNull(); // a cross-node finding
                    assertThat(f.finding().severity()).isEqualTo(Severity.DANGER);
                });

        sim.write("alpha", "r0", 0, 64);
        sim.write("beta", "r0", 0, 64);
        sim.heal("alpha", "beta");
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().findings().stream()
                .anyMatch(f -> f.node() == null && f.finding().kind() == FindingKind.SPLIT_BRAIN));
    }

    @Test
    void aCrashedNodeIsStaleWithItsLastStateAndComesBack() {
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().nodes().stream()
                .allMatch(NodeView::isLive));
        sim.crash("beta"); // a power cut also kills the TCP connections
        await().atMost(Duration.ofSeconds(15)).until(() -> monitor.snapshot().node("beta").orElseThrow()
                .freshness() == NodeView.Freshness.STALE);
        NodeView beta = monitor.snapshot().node("beta").orElseThrow();
        assertThat(beta.resources()).isNotEmpty(); // the last known state stays visible
        assertThat(has(FindingKind.NODE_STALE)).isTrue();

        sim.restart("beta");
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.snapshot().node("beta").orElseThrow().isLive());
        assertThat(has(FindingKind.NODE_STALE)).isFalse();
    }

    @Test
    void theStreamRestartsAndTheStateIsRebuiltFromTheNewDump() {
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().nodes().stream()
                .allMatch(NodeView::isLive));
        sim.hosts().dropSessions("alpha");
        sim.demote("alpha", "r0"); // changes while the stream is down must not be lost
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.snapshot().node("alpha").orElseThrow().isLive()
                && r0(monitor.snapshot(), "alpha").role().is(Role.SECONDARY));
    }
}
