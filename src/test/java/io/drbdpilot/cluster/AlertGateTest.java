// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimViews;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Notifications: on degradation and recovery only, grouped, and rate-limited. */
class AlertGateTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void aResourceThatDegradesAndRecoversGivesOneAlertEachAndNothingAtFirstSight() {
        SimCluster c = SimClusters.lab84(false);
        AlertGate gate = new AlertGate(3, Duration.ofSeconds(30));
        assertThat(gate.update(SimViews.snapshot("lab", c, T0))).isEmpty();
        assertThat(gate.update(SimViews.snapshot("lab", c, T0.plusSeconds(1)))).isEmpty();

        c.cut("alpha", "beta");
        c.tick(Duration.ofSeconds(2));
        List<AlertGate.Alert> down = gate.update(SimViews.snapshot("lab", c, T0.plusSeconds(2)));
        assertThat(down).hasSize(1);
        assertThat(down.get(0).kind()).isEqualTo(AlertGate.Kind.DEGRADED);
        assertThat(down.get(0).resources()).containsExactly("r0", "r1");
        assertThat(down.get(0).title()).isIn("Degraded: r0, r1", "Danger: r0, r1");
        assertThat(gate.update(SimViews.snapshot("lab", c, T0.plusSeconds(3)))).isEmpty(); // still degraded: quiet

        c.heal("alpha", "beta");
        c.tick(Duration.ofSeconds(60));
        List<AlertGate.Alert> up = gate.update(SimViews.snapshot("lab", c, T0.plusSeconds(70)));
        assertThat(up).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertGate.Kind.RECOVERED);
            assertThat(a.severity()).isEqualTo(Severity.INFO);
        });
    }

    @Test
    void aBurstIsCappedAndTheHeldBackOnesAreCountedInTheNextAlert() {
        SimCluster c = SimClusters.layout(SimVersion.V9, 2, 8);
        AlertGate gate = new AlertGate(2, Duration.ofSeconds(30));
        gate.update(SimViews.snapshot("big", c, T0));
        int shown = 0;
        for (int i = 0; i < 4; i++) { // four flaps within a few seconds
            c.cut("node-1", "node-2");
            c.tick(Duration.ofSeconds(1));
            shown += gate.update(SimViews.snapshot("big", c, T0.plusSeconds(2 * i + 1))).size();
            c.heal("node-1", "node-2");
            c.tick(Duration.ofSeconds(60));
            shown += gate.update(SimViews.snapshot("big", c, T0.plusSeconds(2 * i + 2))).size();
        }
        assertThat(shown).isEqualTo(2);
        assertThat(gate.heldBack()).isEqualTo(6);
        // Once the window has passed, the next alert says how many were held back.
        c.cut("node-1", "node-2");
        c.tick(Duration.ofSeconds(1));
        List<AlertGate.Alert> later = gate.update(SimViews.snapshot("big", c, T0.plusSeconds(60)));
        assertThat(later).singleElement().satisfies(a -> {
            assertThat(a.text()).contains("6 earlier notifications were held back");
            assertThat(a.title()).contains("and 5 more"); // 8 resources: three named, five counted
        });
    }
}
