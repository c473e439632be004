// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimChannels;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.ForwardingChannel;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import io.drbdpilot.ssh.StreamHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * While nodes are still arriving, the monitor builds the cluster's snapshot at most every 100 ms (a big cluster's
 * arrival would otherwise pay a whole build per node); once every node is in, each change is built as it comes.
 */
class ClusterArrivalTest {

    @Test
    void snapshotsAreSpacedWhileANodeIsStillArrivingAndEveryChangeIsSeenAfterwards() throws Exception {
        SimCluster sim = SimClusters.lab84(false);
        SimChannels channels = new SimChannels(sim);
        CountDownLatch betaMayConnect = new CountDownLatch(1);
        Map<String, NodeChannel> sessions = new LinkedHashMap<>();
        sessions.put("alpha", channels.open("alpha"));
        sessions.put("beta", new HeldBack(channels.open("beta"), betaMayConnect));
        List<Long> published = new ArrayList<>();
        try (ClusterMonitor monitor = new ClusterMonitor("lab", sessions, Clock.systemUTC(), HealthPolicy.defaults())) {
            monitor.subscribe(s -> {
                synchronized (published) {
                    published.add(System.nanoTime());
                }
            });
            monitor.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().node("alpha").orElseThrow()
                    .ready());
            assertThat(monitor.settled()).isFalse();
            // alpha's changes come faster than the arrival's builds
            for (int i = 0; i < 30; i++) {
                if (i % 2 == 0) {
                    sim.demote("alpha", "r0");
                } else {
                    sim.promote("alpha", "r0", false);
                }
                Thread.sleep(10);
            }
            Thread.sleep(300);
            List<Long> arriving;
            synchronized (published) {
                arriving = List.copyOf(published);
            }
            assertThat(arriving).hasSizeGreaterThan(2);
            for (int i = 1; i < arriving.size(); i++) {
                // each build starts at least 100 ms after the one before; its own length may shift its end a little
                assertThat(TimeUnit.NANOSECONDS.toMillis(arriving.get(i) - arriving.get(i - 1))).as("gap %d of %s", i, arriving)
                        .isGreaterThanOrEqualTo(80);
            }
            // the last state was built all the same
            await().atMost(Duration.ofSeconds(5)).until(() -> primaryOnAlpha(monitor));

            betaMayConnect.countDown();
            await().atMost(Duration.ofSeconds(10)).until(monitor::settled);
            await().atMost(Duration.ofSeconds(5)).until(() -> monitor.snapshot().node("beta").orElseThrow().ready());
            sim.demote("alpha", "r0");
            await().atMost(Duration.ofSeconds(5)).until(() -> !primaryOnAlpha(monitor));
        }
    }

    private static boolean primaryOnAlpha(ClusterMonitor monitor) {
        return monitor.snapshot().node("alpha").orElseThrow().resources().stream()
                .anyMatch(r -> r.name().equals("r0") && r.role().is(Role.PRIMARY));
    }

    /** A node whose connection waits until the test lets it go. */
    private static final class HeldBack extends ForwardingChannel {
        private final CountDownLatch go;

        HeldBack(NodeChannel inner, CountDownLatch go) {
            super(inner);
            this.go = go;
        }

        private void hold() throws SshException {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SshException("interrupted");
            }
        }

        @Override
        public void connect() throws SshException {
            hold();
            super.connect();
        }

        @Override
        public CommandResult run(RemoteCommand command, Duration timeout) throws SshException {
            hold();
            return super.run(command, timeout);
        }

        @Override
        public StreamHandle stream(RemoteCommand command, Consumer<String> onLine) throws SshException {
            hold();
            return super.stream(command, onLine);
        }

        @Override
        public void close() {
            go.countDown();
            super.close();
        }
    }
}
