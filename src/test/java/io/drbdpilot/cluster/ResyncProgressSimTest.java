// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.drbd.health.FindingKind;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.ops.SimAccess.FakeClock;
import io.drbdpilot.sim.SimChannels;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.ssh.NodeChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor's watch on a resync's progress (its out-of-sync amount between snapshots), through the health check: a
 * resync that stands still past the policy's threshold is reported, and what was watched of a resync is forgotten
 * when it ends, so the next one starts a new watch.
 */
class ResyncProgressSimTest {

    private ClusterMonitor monitor;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private static boolean has(ClusterSnapshot s, FindingKind kind) {
        return s.findings().stream().anyMatch(f -> f.finding().kind() == kind);
    }

    /** Cut, write on the Primary, heal, and let the resync run half a second of the simulator's time. */
    private static void resyncStarts(SimCluster sim) {
        sim.cut("alpha", "beta");
        sim.write("alpha", "r0", 0, 100 * 1024);
        sim.heal("alpha", "beta");
        sim.tick(Duration.ofMillis(500)); // 40 MiB/s: about 2.5 s of the simulator's time to go
    }

    @Test
    void aResyncThatStandsStillIsReportedAndTheWatchEndsWithIt() {
        SimCluster sim = SimClusters.lab84(false);
        SimChannels c = new SimChannels(sim);
        Map<String, NodeChannel> channels = new LinkedHashMap<>();
        for (String n : sim.nodes()) {
            channels.put(n, c.open(n));
        }
        FakeClock clock = new FakeClock();
        monitor = new ClusterMonitor("t", channels, clock, new HealthPolicy(Duration.ofSeconds(30),
                Duration.ofMinutes(5)));
        List<ClusterSnapshot> seen = new CopyOnWriteArrayList<>();
        monitor.subscribe(seen::add);
        monitor.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> monitor.snapshot().nodes().stream()
                .allMatch(v -> v.isLive() && v.ready()));

        resyncStarts(sim);
        await().atMost(Duration.ofSeconds(10)).until(() -> has(monitor.snapshot(), FindingKind.RESYNC_RUNNING));
        assertThat(has(monitor.snapshot(), FindingKind.RESYNC_NO_PROGRESS)).isFalse();
        // the out-of-sync amount stays; the monitor's clock passes the threshold; the periodic check sees it
        clock.advance(Duration.ofMinutes(6));
        await().atMost(Duration.ofSeconds(15)).until(() -> has(monitor.snapshot(), FindingKind.RESYNC_NO_PROGRESS));

        sim.tick(Duration.ofSeconds(10)); // the resync ends
        await().atMost(Duration.ofSeconds(10)).until(() -> !has(monitor.snapshot(), FindingKind.RESYNC_RUNNING));
        assertThat(has(monitor.snapshot(), FindingKind.RESYNC_NO_PROGRESS)).isFalse();

        // the same resync again (the same amount out of sync): a new watch, not the old one's minutes
        seen.clear();
        resyncStarts(sim);
        await().atMost(Duration.ofSeconds(10)).until(() -> has(monitor.snapshot(), FindingKind.RESYNC_RUNNING));
        assertThat(seen).filteredOn(s -> has(s, FindingKind.RESYNC_RUNNING)).isNotEmpty()
                .noneMatch(s -> has(s, FindingKind.RESYNC_NO_PROGRESS));
    }
}
