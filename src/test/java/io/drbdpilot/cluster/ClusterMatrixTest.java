// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimViews;
import io.drbdpilot.cluster.ClusterMatrix.Cell;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The overview's cells from DRBD 9 (simulated) snapshots. */
class ClusterMatrixTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void cellsShowPrimaryHealthyAbsentSyncingAndStale() {
        SimCluster c = SimClusters.layout(SimVersion.V9, 3, 6);
        ClusterMatrix d = ClusterMatrix.of(SimViews.snapshot("x", c, T0), null);
        assertThat(d.resources()).containsExactly("r0", "r1", "r2", "r3", "r4", "r5");
        assertThat(d.nodes()).containsExactly("node-1", "node-2", "node-3");
        assertThat(d.cell(d.rowOf("r0"), 0)).isEqualTo(Cell.PRIMARY); // r0 is Primary on node-1
        assertThat(d.cell(d.rowOf("r0"), 1)).isEqualTo(Cell.OK);
        assertThat(d.cell(d.rowOf("r0"), 2)).isEqualTo(Cell.ABSENT);
        assertThat(d.live()).isEqualTo(3);

        c.cut("node-1", "node-2");
        c.tick(Duration.ofSeconds(2));
        c.write("node-1", "r0", 0, 64 * 1024);
        c.heal("node-1", "node-2");
        c.tick(Duration.ofMillis(100));
        ClusterMatrix syncing = ClusterMatrix.of(SimViews.snapshot("x", c, T0.plusSeconds(3)), d);
        assertThat(syncing.resources()).isSameAs(d.resources()); // the index is reused
        assertThat(syncing.cell(syncing.rowOf("r0"), 0)).isEqualTo(Cell.SYNC);

        c.crash("node-3");
        ClusterMatrix crashed = ClusterMatrix.of(SimViews.snapshot("x", c, T0.plusSeconds(4)), syncing);
        assertThat(crashed.live()).isEqualTo(2);
        int[] counts = crashed.counts();
        assertThat(counts[Cell.ABSENT.ordinal()]).isPositive();
    }

    @Test
    void aDisconnectedResourceIsAWarningOrWorse() {
        SimCluster c = SimClusters.lab84(false);
        c.cut("alpha", "beta");
        c.tick(Duration.ofSeconds(2));
        ClusterMatrix d = ClusterMatrix.of(SimViews.snapshot("lab", c, T0), null);
        assertThat(d.cell(d.rowOf("r0"), 0)).isIn(Cell.WARNING, Cell.DANGER);
        assertThat(d.nodeWorst()).containsKeys("alpha", "beta");
    }

    @Test
    void aNodeWhoseViewAndFindingsStayTheSameKeepsItsColumnAndTheDigestIsTheOneBuiltAfresh() {
        SimCluster c = SimClusters.layout(SimVersion.V84, 4, 40); // pairs 1-2, 2-3, 3-4, 4-1
        ClusterSnapshot s1 = SimViews.snapshot("x", c, T0);
        ClusterMatrix d1 = ClusterMatrix.of(s1, null);
        c.cut("node-1", "node-2"); // only the resources of the pair 1-2 change
        c.tick(Duration.ofSeconds(2));
        ClusterSnapshot fresh = SimViews.snapshot("x", c, T0.plusSeconds(3));
        Set<String> changed = Set.of("node-1", "node-2");
        List<NodeView> views = new ArrayList<>();
        List<ClusterFinding> findings = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // nodes 3 and 4 hand on the same view, as the monitor does
            ClusterSnapshot from = changed.contains(fresh.nodes().get(i).node()) ? fresh : s1;
            views.add(from.nodes().get(i));
            String node = from.nodes().get(i).node();
            from.findings().stream().filter(f -> node.equals(f.node())).forEach(findings::add);
        }
        ClusterSnapshot s2 = new ClusterSnapshot("x", T0.plusSeconds(3), views, findings);
        ClusterMatrix d2 = ClusterMatrix.of(s2, d1);
        assertThat(d2.columns().get(2)).isSameAs(d1.columns().get(2));
        assertThat(d2.columns().get(3)).isSameAs(d1.columns().get(3));
        assertThat(d2.columns().get(0)).isNotSameAs(d1.columns().get(0));
        assertThat(d2.cell(d2.rowOf("r0"), 0)).isIn(Cell.WARNING, Cell.DANGER);
        ClusterMatrix afresh = ClusterMatrix.of(s2, null);
        assertThat(d2).isEqualTo(afresh);
        assertThat(d2.counts()).containsExactly(afresh.counts());
        for (int row = 0; row < d2.resources().size(); row++) {
            for (int col = 0; col < 4; col++) {
                assertThat(d2.cell(row, col)).isEqualTo(afresh.cell(row, col));
            }
        }
        // 40 resources on 4 nodes, 2 each: 80 cells that hold one, 80 ABSENT
        int[] counts = d2.counts();
        assertThat(counts[Cell.ABSENT.ordinal()]).isEqualTo(80);

        // A node whose view is the same but whose resource turned bad elsewhere (the cluster-wide worst) is redrawn.
        ClusterSnapshot s3 = new ClusterSnapshot("x", T0.plusSeconds(4), s1.nodes(), s1.findings());
        ClusterMatrix d3 = ClusterMatrix.of(s3, d2);
        assertThat(d3).isEqualTo(ClusterMatrix.of(s3, null)).isEqualTo(d1);
    }
}
