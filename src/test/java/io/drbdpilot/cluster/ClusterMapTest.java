// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.sim.SimChannels;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.ssh.NodeChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster map from real monitor snapshots of the simulator (in process): boxes, pairs, labels, looks. */
class ClusterMapTest {

    private ClusterMonitor monitor;

    private ClusterMonitor watch(SimCluster sim) {
        return watch(sim, true);
    }

    private ClusterMonitor watch(SimCluster sim, boolean allLive) {
        SimChannels c = new SimChannels(sim);
        Map<String, NodeChannel> ch = new LinkedHashMap<>();
        sim.nodes().forEach(n -> ch.put(n, c.open(n)));
        monitor = new ClusterMonitor("t", ch, Clock.systemUTC(), HealthPolicy.defaults());
        monitor.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> allLive ? monitor.snapshot().nodes().stream()
                .allMatch(NodeView::isLive) : monitor.settled());
        return monitor;
    }

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private ClusterMap map() {
        return ClusterMap.of(monitor.snapshot());
    }

    @Test
    void anEightFourPairIsOneLineInItsOwnWordsThroughACutAndAHeal() {
        SimCluster sim = SimClusters.lab84(true);
        watch(sim);
        ClusterMap m = map();
        assertThat(m.nodes()).extracting(ClusterMap.NodeBox::node).containsExactly("alpha", "beta", "gamma");
        ClusterMap.NodeBox alpha = m.nodes().get(0);
        assertThat(alpha.versions()).isEqualTo("DRBD 8.4.11 · utils 9.22.0");
        assertThat(alpha.roles()).isEqualTo("1 Primary · 1 Secondary");
        assertThat(alpha.health()).isEqualTo("all healthy");
        assertThat(m.pairs()).extracting(ClusterMap.Pair::key).containsExactly("alpha|beta", "beta|gamma");
        ClusterMap.Pair ab = m.pairs().get(0);
        assertThat(ab.label()).isEqualTo("2 ok");
        assertThat(ab.look()).isEqualTo(ClusterMap.Look.OK);
        assertThat(ab.resources()).containsExactly("r0", "r1");

        sim.cut("alpha", "beta");
        await().atMost(Duration.ofSeconds(10)).until(() -> map().pairs().get(0).look() != ClusterMap.Look.OK);
        ab = map().pairs().get(0);
        assertThat(ab.label()).isEqualTo("2 WFConnection"); // 8.4's word, not Connecting
        assertThat(ab.look()).isEqualTo(ClusterMap.Look.WARNING);
        assertThat(ab.spoken()).isEqualTo("link alpha to beta, warning: 2 WFConnection");
        assertThat(map().pairs().get(1).label()).isEqualTo("1 ok");
        assertThat(map().nodes().get(0).health()).isEqualTo("2 degraded");
        assertThat(map().nodes().get(0).look()).isEqualTo(ClusterMap.Look.WARNING);

        sim.heal("alpha", "beta");
        sim.tick(Duration.ofSeconds(5)); // the simulator's clock: the (empty) resync after the cut ends
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(map().pairs().get(0).label()).isEqualTo("2 ok"));
        assertThat(map().pairs().get(0).label()).isEqualTo("2 ok");
    }

    @Test
    void theDemoMeshShowsItsResyncWithPercentAndTheLinkDisconnectedByHand() {
        watch(SimClusters.demo());
        ClusterMap m = map();
        assertThat(m.pairs()).extracting(ClusterMap.Pair::key).containsExactly("node-a|node-b", "node-a|node-c",
                "node-b|node-c");
        ClusterMap.Pair ac = m.pairs().get(1);
        // db resyncs node-a -> node-c; archive was disconnected by hand on node-c (StandAlone there).
        assertThat(ac.resources()).contains("db", "archive");
        assertThat(ac.syncing()).isEqualTo(1);
        assertThat(ac.leastDone()).isNotNull().isBetween(0.0, 100.0);
        assertThat(ac.label()).matches(".*1 syncing \\d+ %.*").contains("StandAlone");
        assertThat(ac.look()).isEqualTo(ClusterMap.Look.DANGER);
        assertThat(m.pairs().get(0).look()).isIn(ClusterMap.Look.OK, ClusterMap.Look.SYNC);
        assertThat(m.nodes().get(2).syncing()).isPositive();
        assertThat(m.nodes().get(2).spoken()).startsWith("node-c, DRBD 9.");
    }

    @Test
    void aPeerDownSinceBeforeTheStartHasItsLineFromTheConfigurationAsUnknown() {
        SimCluster sim = SimClusters.lab84(false);
        sim.crash("beta");
        watch(sim, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> monitor.snapshot().node("alpha").orElseThrow().isLive()
                && monitor.snapshot().node("beta").orElseThrow().freshness() == NodeView.Freshness.STALE);
        ClusterMap m = map();
        assertThat(m.pairs()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("alpha|beta");
            assertThat(p.look()).isEqualTo(ClusterMap.Look.STALE);
            assertThat(p.label()).isEqualTo("2 unknown");
            assertThat(p.spoken()).isEqualTo("link alpha to beta, unknown: 2 unknown (a node is unreachable)");
        });
        assertThat(m.nodes().get(1).health()).isEqualTo("unreachable, not read yet");
        assertThat(m.nodes().get(1).look()).isEqualTo(ClusterMap.Look.STALE);
        assertThat(m.nodes().get(0).health()).isEqualTo("2 degraded");
    }
}
