// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Ready-made simulated clusters: a copy of the lab, the GUI demo, and generated ones of any size. */
public final class SimClusters {

    private SimClusters() {
    }

    /**
     * The shared lab, as {@code lab/up} leaves it: alpha and beta with r0 (Primary on alpha, 128 MiB) and r1
     * (Secondary on both, 64 MiB); with gamma, r2 between beta (Primary) and gamma.
     */
    public static SimCluster lab84(boolean withGamma) {
        return lab84(withGamma, SimVersion.V84);
    }

    /** The lab's layout on another 8.4 kernel (e.g. one without events2). */
    public static SimCluster lab84(boolean withGamma, SimVersion version) {
        if (!version.is84()) {
            throw new IllegalArgumentException("the lab layout is an 8.4 one");
        }
        List<String> nodes = new ArrayList<>(List.of("alpha", "beta"));
        List<SimResourceSpec> res = new ArrayList<>(List.of(
                new SimResourceSpec("r0", List.of("alpha", "beta"), List.of(), List.of(0), List.of(131032L), 7789,
                        'C', false, 40 * 1024, null, "off"),
                new SimResourceSpec("r1", List.of("alpha", "beta"), List.of(), List.of(1), List.of(65496L), 7790,
                        'C', false, 40 * 1024, null, "off")));
        if (withGamma) {
            nodes.add("gamma");
            res.add(new SimResourceSpec("r2", List.of("beta", "gamma"), List.of(), List.of(2), List.of(65496L), 7791,
                    'C', false, 40 * 1024, null, "off"));
        }
        SimCluster c = new SimCluster(version, nodes, res);
        c.promote("alpha", "r0", false);
        if (withGamma) {
            c.promote("beta", "r2", false);
        }
        return c;
    }

    /**
     * The built-in demo: three DRBD 9 nodes and five resources in mixed states: healthy, one resyncing after a cut, a
     * three-way resource with a diskless client, one disconnected by hand, and one holding a VM.
     */
    public static SimCluster demo() {
        List<String> nodes = List.of("node-a", "node-b", "node-c");
        List<SimResourceSpec> res = List.of(
                new SimResourceSpec("web", List.of("node-a", "node-b"), List.of(), List.of(1000), List.of(4_194_304L),
                        7000, 'C', false, 20 * 1024, "sha256", "off"),
                new SimResourceSpec("db", List.of("node-a", "node-b", "node-c"), List.of(), List.of(1001, 1002),
                        List.of(8_388_608L, 1_048_576L), 7001, 'C', false, 30 * 1024, "sha256", "majority"),
                new SimResourceSpec("files", List.of("node-b", "node-c", "node-a"), List.of("node-a"), List.of(1003),
                        List.of(2_097_152L), 7002, 'C', false, 40 * 1024, null, "majority"),
                new SimResourceSpec("vm-mail", List.of("node-b", "node-c"), List.of(), List.of(1004),
                        List.of(10_485_760L), 7003, 'C', false, 40 * 1024, null, "off"),
                new SimResourceSpec("archive", List.of("node-c", "node-a"), List.of(), List.of(1005),
                        List.of(16_777_216L), 7004, 'C', false, 10 * 1024, null, "off"));
        SimCluster c = new SimCluster(SimVersion.V9, nodes, res);
        c.promote("node-a", "web", false);
        c.hosts().addService("node-a", "nginx", true);
        c.promote("node-a", "db", false);
        c.hosts().addService("node-a", "postgresql", true);
        c.promote("node-b", "files", false);
        c.hosts().addMountService("node-b", "smbd", "/srv/files", 1003, true);
        c.hosts().addMountService("node-c", "smbd", "/srv/files", 1003, false);
        c.promote("node-b", "vm-mail", false);
        c.hosts().addVm("node-b", "mail", List.of(1004), true);
        c.hosts().migrationTime(Duration.ofSeconds(4)); // over SSH, a live migration takes its time
        // db: node-c fell behind while cut off; now it resyncs from node-a.
        c.cut("node-a", "node-c");
        c.cut("node-b", "node-c");
        c.write("node-a", "db", 0, 3_000_000);
        c.heal("node-a", "node-c");
        c.heal("node-b", "node-c");
        c.tick(Duration.ofSeconds(20));
        // archive: disconnected by hand on node-c.
        new SimAdmin(c).disconnect("node-c", "archive");
        return c;
    }

    /**
     * The layout {@code drbd-pilot sim} serves: nodes {@code node-1...}, resources {@code r0...} on two nodes each
     * (8.4) or on two or three (9, every third resource on three with quorum), every other one Primary somewhere.
     */
    public static SimCluster layout(SimVersion v, int nodeCount, int resourceCount) {
        if (nodeCount < 2) {
            throw new IllegalArgumentException("a cluster needs two nodes at least");
        }
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            nodes.add("node-" + i);
        }
        List<SimResourceSpec> res = new ArrayList<>();
        for (int i = 0; i < resourceCount; i++) {
            List<String> on = new ArrayList<>(List.of(nodes.get(i % nodeCount), nodes.get((i + 1) % nodeCount)));
            boolean three = v == SimVersion.V9 && nodeCount >= 3 && i % 3 == 2;
            if (three) {
                on.add(nodes.get((i + 2) % nodeCount));
            }
            int minor = v == SimVersion.V9 ? 1000 + i : i;
            res.add(new SimResourceSpec("r" + i, on, List.of(), List.of(minor), List.of(1_048_576L), 7789 + i, 'C',
                    false, 40 * 1024, "sha256", three ? "majority" : "off"));
        }
        SimCluster c = new SimCluster(v, nodes, res);
        for (int i = 0; i < resourceCount; i += 2) {
            c.promote(res.get(i).nodes().get(0), res.get(i).name(), false);
        }
        return c;
    }

    /**
     * A generated cluster for scale tests: resources spread over pairs of nodes; each node's configuration holds its
     * own resources only, as LINSTOR deploys them.
     */
    public static SimCluster generated(SimVersion v, int nodeCount, int resourcesPerNode) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(String.format("n%03d", i));
        }
        List<SimResourceSpec> res = new ArrayList<>();
        int minor = 0;
        for (int i = 0; i < nodeCount; i += 2) {
            String a = nodes.get(i);
            String b = nodes.get((i + 1) % nodeCount);
            for (int r = 0; r < resourcesPerNode; r++) {
                res.add(new SimResourceSpec("r" + minor, List.of(a, b), List.of(), List.of(minor % 1_000_000),
                        List.of(1_048_576L), 7000 + r, 'C', false, 40 * 1024, null, "off"));
                minor++;
            }
        }
        return new SimCluster(v, nodes, res).membersOnlyConfig(true);
    }
}
