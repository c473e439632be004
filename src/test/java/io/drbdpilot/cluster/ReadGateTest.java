// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.sim.SimChannels;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimVersion;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.ForwardingChannel;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import io.drbdpilot.ssh.StreamHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The big first reads of a cluster's nodes take turns: never more at once than the gate has turns. */
class ReadGateTest {

    @Test
    void aTurnEndsOnceAndFreesItsPlace() throws InterruptedException {
        ReadGate gate = new ReadGate(2);
        ReadGate.Turn a = gate.enter();
        ReadGate.Turn b = gate.enter();
        assertThat(gate.free()).isZero();
        CountDownLatch third = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try (ReadGate.Turn c = gate.enter()) {
                third.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(third.await(200, TimeUnit.MILLISECONDS)).as("a third waits while two hold their turns").isFalse();
        a.close();
        a.close(); // twice is once
        assertThat(third.await(5, TimeUnit.SECONDS)).isTrue();
        waiter.join();
        assertThat(gate.free()).isEqualTo(1);
        b.close();
        assertThat(gate.free()).isEqualTo(2);
    }

    /**
     * Eight nodes, a gate of two: between a node's {@code dump-xml} and the end of its initial events2 dump no more than
     * two nodes are ever inside, and every node ends live.
     */
    @Test
    void theMonitorsBigReadsNeverOverlapMoreThanTheGateAllows() {
        SimCluster sim = SimClusters.generated(SimVersion.V9, 8, 50);
        SimChannels channels = new SimChannels(sim);
        AtomicInteger inside = new AtomicInteger();
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        Map<String, NodeChannel> nodes = new LinkedHashMap<>();
        for (String n : sim.nodes()) {
            nodes.put(n, new Counting(channels.open(n), inside, seen));
        }
        ReadGate gate = new ReadGate(2);
        List<NodeMonitor> monitors = new ArrayList<>();
        ConfigPool pool = new ConfigPool();
        nodes.forEach((n, ch) -> monitors.add(new NodeMonitor(n, ch, Clock.systemUTC(), () -> { }, pool, gate)));
        try {
            monitors.forEach(NodeMonitor::start);
            await().atMost(Duration.ofSeconds(30)).until(() -> monitors.stream().allMatch(m -> m.view().isLive()
                    && m.view().ready()));
            assertThat(seen).hasSize(8);
            assertThat(Collections.max(seen)).as("nodes inside their big first reads at once").isLessThanOrEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> gate.free() == 2);
        } finally {
            monitors.forEach(NodeMonitor::close);
        }
    }

    /** Counts a node in at its dump-xml and out when its events2 stream says {@code exists -}. */
    private static final class Counting extends ForwardingChannel {
        private final AtomicInteger inside;
        private final List<Integer> seen;

        Counting(NodeChannel inner, AtomicInteger inside, List<Integer> seen) {
            super(inner);
            this.inside = inside;
            this.seen = seen;
        }

        @Override
        public CommandResult run(RemoteCommand command, Duration timeout) throws SshException {
            if (command.argv().contains("dump-xml")) {
                seen.add(inside.incrementAndGet());
                try {
                    Thread.sleep(20); // long enough for others to try to come in
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return inner().run(command, timeout);
        }

        @Override
        public StreamHandle stream(RemoteCommand command, Consumer<String> onLine) throws SshException {
            return inner().stream(command, line -> {
                if (line.endsWith("exists -")) {
                    inside.decrementAndGet();
                }
                onLine.accept(line);
            });
        }
    }
}
