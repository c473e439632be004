// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimResourceSpec;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.sim.SimVersion;
import io.drbdpilot.ssh.KnownHosts;
import io.drbdpilot.ssh.NodeSession;
import io.drbdpilot.ssh.Prompter;
import io.drbdpilot.ssh.SshConnector;
import io.drbdpilot.ssh.SshTarget;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Event-to-snapshot latency of the monitor against the simulator over SSH on loopback (one session per node), and
 * the monitor's heap. Run: {@code ./mvnw -Pbench test-compile exec:exec@monitor-bench -Dbench.size=3x10}.
 */
public final class MonitorBench {

    private MonitorBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] size = (args.length > 0 ? args[0] : "3x10").split("x");
        int nodes = Integer.parseInt(size[0]);
        int perNode = Integer.parseInt(size[1]);
        Path dir = Files.createTempDirectory("monitor-bench");
        io.drbdpilot.TestKeys.clientKey(dir);
        SimCluster sim = SimClusters.generated(SimVersion.V9, nodes, perNode);
        try (SimServer server = new SimServer(sim, dir.resolve("state"), dir.resolve("authorized_keys"), 0).start()) {
            long heapBefore = usedHeap();
            Map<String, NodeSession> sessions = new LinkedHashMap<>();
            SshConnector connector = new SshConnector(new KnownHosts(server.knownHostsFile()),
                    Prompter.NON_INTERACTIVE, Duration.ofSeconds(60), null);
            for (String n : sim.nodes()) {
                sessions.put(n, new NodeSession(new SshTarget(n, "root", "127.0.0.1", server.port(n),
                        List.of(dir.resolve("id")), List.of(), Duration.ofSeconds(15)), connector, 8,
                        Clock.systemUTC()));
            }
            long t0 = System.nanoTime();
            try (ClusterMonitor monitor = new ClusterMonitor("bench", sessions, Clock.systemUTC(),
                    HealthPolicy.defaults())) {
                monitor.start();
                while (!monitor.snapshot().nodes().stream().allMatch(v -> v.isLive() && v.ready())) {
                    LockSupport.parkNanos(50_000_000L);
                }
                System.out.printf("monitor: %d nodes x %d resources, %d SSH sessions, all live after %.1f s%n",
                        nodes, perNode, sessions.size(), (System.nanoTime() - t0) / 1e9);
                long cpu0 = processCpu();
                long w0 = System.nanoTime();
                List<Double> lat = new ArrayList<>();
                Random rnd = new Random(1);
                List<SimResourceSpec> res = sim.resources();
                int changes = 300;
                for (int i = 0; i < changes; i++) {
                    SimResourceSpec r = res.get(rnd.nextInt(res.size()));
                    String node = r.nodes().get(0);
                    boolean toPrimary = !isPrimary(monitor.snapshot(), node, r.name());
                    java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
                    java.util.function.Consumer<ClusterSnapshot> waiter = s -> {
                        if (isPrimary(s, node, r.name()) == toPrimary) {
                            seen.countDown();
                        }
                    };
                    monitor.subscribe(waiter);
                    long start = System.nanoTime();
                    if (toPrimary) {
                        sim.promote(node, r.name(), false);
                    } else {
                        sim.demote(node, r.name());
                    }
                    if (!seen.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("change not seen");
                    }
                    lat.add((System.nanoTime() - start) / 1e6);
                    monitor.unsubscribe(waiter);
                    LockSupport.parkNanos(10_000_000L); // 100 changes per second at most, like a busy cluster
                }
                double wall = (System.nanoTime() - w0) / 1e9;
                Collections.sort(lat);
                System.out.printf("event-to-snapshot over %d changes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        lat.size(), lat.get(lat.size() / 2), lat.get((int) (lat.size() * 0.99)),
                        lat.get(lat.size() - 1));
                System.out.printf("process CPU while changing (simulator + SSH servers + monitor): %.0f%% of one "
                        + "core%n", 100.0 * (processCpu() - cpu0) / 1e9 / wall);
                System.out.printf("heap of the monitor and its sessions: %.1f MiB%n",
                        (usedHeap() - heapBefore) / 1048576.0);
            }
        }
    }

    private static boolean isPrimary(ClusterSnapshot s, String node, String res) {
        return s.node(node).map(v -> v.resources().stream().anyMatch(r -> r.name().equals(res)
                && r.role().is(Role.PRIMARY))).orElse(false);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            LockSupport.parkNanos(100_000_000L);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
