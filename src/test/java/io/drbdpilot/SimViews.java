// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot;

import io.drbdpilot.cluster.ClusterFinding;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.health.HealthCheck;
import io.drbdpilot.drbd.health.HealthInput;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Events2Stream;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Snapshots of a simulated cluster without SSH: each node's events2 dump through the real parser and checks. */
public final class SimViews {

    private SimViews() {
    }

    /** The lab (alpha Primary for r0 and r1) with a running VM {@code db} on both disks: what a migration moves. */
    public static SimCluster twoDisks() {
        SimCluster c = SimClusters.lab84(false);
        c.promote("alpha", "r1", false);
        c.hosts().addVm("alpha", "db", List.of(0, 1), true);
        return c;
    }

    public static List<ResourceState> resources(SimCluster c, String node) {
        SimShell.Result r = new SimShell(c, node, "root").run("drbdsetup events2 --now --statistics all");
        if (r.exit() != 0) {
            return List.of();
        }
        try {
            return Events2Stream.parse(r.stdout()).value().resources();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every node live (or STALE when crashed), with each node's own findings. */
    public static ClusterSnapshot snapshot(String name, SimCluster c, Instant at) {
        List<NodeView> views = new ArrayList<>();
        List<ClusterFinding> findings = new ArrayList<>();
        for (String n : c.nodes()) {
            boolean up = c.isUp(n);
            List<ResourceState> res = up ? resources(c, n) : List.of();
            views.add(new NodeView(n, n, up ? NodeView.Freshness.LIVE : NodeView.Freshness.STALE, at,
                    up ? null : "down", null, null, null, res, List.of(), Map.of(), at, true, null));
            HealthCheck.evaluate(new HealthInput(res, List.of(), Set.of(), null, Map.of(), Map.of(), at),
                    HealthPolicy.defaults()).forEach(f -> findings.add(new ClusterFinding(n, f)));
        }
        return new ClusterSnapshot(name, at, views, findings);
    }
}
