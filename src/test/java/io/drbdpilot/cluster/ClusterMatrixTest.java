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
}
