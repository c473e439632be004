// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints the simulator's scale figures: memory per node and events2 lines per second, for 200 nodes with 1000
 * resources each in one JVM. Run: {@code ./mvnw -Pbench test-compile exec:exec@sim-bench}.
 */
public final class SimScaleBench {

    private SimScaleBench() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int perNode = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Runtime rt = Runtime.getRuntime();
        gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        SimCluster c = SimClusters.generated(SimVersion.V9, nodes, perNode);
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        gc();
        long after = rt.totalMemory() - rt.freeMemory();
        int resources = c.resources().size();
        System.out.printf("simulator: %d nodes, %d resources (%d per node), built in %d ms%n", nodes, resources,
                perNode, buildMs);
        System.out.printf("memory: %.1f MiB in all, %.0f KiB per node, %.2f KiB per node-resource%n",
                (after - before) / 1048576.0, (after - before) / 1024.0 / nodes,
                (after - before) / 1024.0 / (2.0 * resources));

        // Events: every node streams events2; cut and heal links so every resource changes state.
        AtomicLong lines = new AtomicLong();
        List<SimEvents2> streams = c.nodes().stream()
                .map(n -> new SimEvents2(c, n, false, false, l -> lines.incrementAndGet())).toList();
        streams.forEach(SimEvents2::start);
        waitQuiet(lines);
        long initial = lines.get();
        long e0 = System.nanoTime();
        List<String> ns = c.nodes();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < ns.size(); i += 2) {
                c.cut(ns.get(i), ns.get(i + 1));
            }
            for (int i = 0; i < ns.size(); i += 2) {
                c.heal(ns.get(i), ns.get(i + 1));
            }
        }
        c.tick(Duration.ofSeconds(1));
        waitQuiet(lines);
        double secs = (System.nanoTime() - e0) / 1e9;
        long changed = lines.get() - initial;
        System.out.printf("events2: initial dumps %d lines; then %d change lines in %.2f s = %.0f lines/s%n",
                initial, changed, secs, changed / secs);
        streams.forEach(SimEvents2::close);
    }

    private static void waitQuiet(AtomicLong counter) {
        long last = -1;
        while (counter.get() != last) {
            last = counter.get();
            LockSupport.parkNanos(300_000_000L);
        }
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            LockSupport.parkNanos(100_000_000L);
        }
    }
}
