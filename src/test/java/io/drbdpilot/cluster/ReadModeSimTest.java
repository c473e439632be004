// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.SimSessions;
import io.drbdpilot.TestKeys;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.ResyncProgress;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.sim.SimVersion;
import io.drbdpilot.ssh.NodeChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each read mode against the simulator over SSH: events2 + /proc on 8.4, /proc alone on old kernels, --poll on 9. */
class ReadModeSimTest {

    @TempDir
    Path dir;
    private SimServer server;
    private ClusterMonitor monitor;

    private ClusterMonitor watch(SimCluster sim) throws Exception {
        TestKeys.clientKey(dir);
        server = new SimServer(sim, dir.resolve("state"), dir.resolve("authorized_keys"), 0).start();
        Map<String, NodeChannel> sessions = SimSessions.open(server, sim.nodes(), dir, Duration.ofSeconds(1));
        monitor = new ClusterMonitor("t", sessions, Clock.systemUTC(), HealthPolicy.defaults());
        monitor.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> monitor.snapshot().nodes().stream()
                .allMatch(v -> v.isLive() && v.ready()));
        return monitor;
    }

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Optional<ResourceState> res(String node, String name) {
        return monitor.snapshot().node(node).orElseThrow().resources().stream().filter(r -> r.name().equals(name))
                .findFirst();
    }

    private Optional<ResyncProgress> progress(String node, String name) {
        return res(node, name).flatMap(r -> r.connections().stream().flatMap(c -> c.peerDevices().stream())
                .map(PeerDeviceState::resync).filter(p -> p != null).findFirst());
    }

    @Test
    void eightFourTakesSpeedAndEtaFromProcDrbdOnlyWhileAResyncRuns() throws Exception {
        SimCluster sim = SimClusters.lab84(false);
        watch(sim);
        assertThat(monitor.snapshot().node("alpha").orElseThrow().readMode()).isEqualTo(ReadMode.EVENTS2_PROC);
        sim.cut("alpha", "beta");
        sim.write("alpha", "r0", 0, 100 * 1024);
        sim.heal("alpha", "beta");
        sim.tick(Duration.ofMillis(500)); // the resync runs, at 40 MiB/s: it needs about 2.5 s of simulated time
        await().atMost(Duration.ofSeconds(10)).until(() -> progress("alpha", "r0")
                .map(p -> p.speedKiBps() != null && p.etaSeconds() != null).orElse(false));
        sim.tick(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> progress("alpha", "r0").isEmpty()
                && res("beta", "r0").orElseThrow().devices().get(0).disk().raw().equals("UpToDate"));
    }

    @Test
    void aKernelWithoutEvents2IsPolledThroughProcDrbd() throws Exception {
        SimCluster sim = SimClusters.lab84(false, SimVersion.V84_NO_EVENTS2);
        watch(sim);
        NodeView alpha = monitor.snapshot().node("alpha").orElseThrow();
        assertThat(alpha.readMode()).isEqualTo(ReadMode.PROC);
        assertThat(alpha.kernel().version()).isEqualTo("8.4.5");
        assertThat(alpha.resources()).extracting(ResourceState::name).containsExactly("r0", "r1"); // named by config
        assertThat(res("alpha", "r0").orElseThrow().role().value()).isEqualTo(Role.PRIMARY);
        sim.demote("alpha", "r0");
        await().atMost(Duration.ofSeconds(10)).until(() -> res("alpha", "r0").orElseThrow().role()
                .is(Role.SECONDARY));
    }

    @Test
    void drbdNineCountersArriveThroughThePollWhileAResyncRuns() throws Exception {
        SimCluster sim = SimClusters.generated(SimVersion.V9, 2, 1);
        sim.promote("n000", "r0", false);
        watch(sim);
        assertThat(monitor.snapshot().node("n000").orElseThrow().readMode()).isEqualTo(ReadMode.EVENTS2_POLL);
        sim.cut("n000", "n001");
        sim.write("n000", "r0", 0, 800 * 1024);
        sim.heal("n000", "n001");
        sim.tick(Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(10)).until(() -> progress("n000", "r0").map(ResyncProgress::percent)
                .orElse(null) != null);
        double first = progress("n000", "r0").orElseThrow().percent();
        sim.tick(Duration.ofSeconds(5)); // progress alone: DRBD 9 sends no event, only the poll's n shows it
        await().atMost(Duration.ofSeconds(10)).until(() -> progress("n000", "r0").map(ResyncProgress::percent)
                .map(p -> p > first).orElse(false));
    }
}
