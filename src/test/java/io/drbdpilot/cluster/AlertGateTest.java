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
import java.util.Map;
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

    @Test
    void aResourceNewOrGoneIsQuietAndAWarningThatTurnsToDangerAlertsAgain() {
        AlertGate gate = new AlertGate(10, Duration.ofSeconds(30));
        assertThat(gate.update(matrix(List.of("a", "b"), Map.of()), T0)).isEmpty();
        // c appears already degraded: taken as it is; a degrades: one alert, about a only
        assertThat(gate.update(matrix(List.of("a", "b", "c"), Map.of("a", Severity.WARNING, "c", Severity.DANGER)),
                T0.plusSeconds(1))).singleElement().satisfies(x -> {
                    assertThat(x.kind()).isEqualTo(AlertGate.Kind.DEGRADED);
                    assertThat(x.resources()).containsExactly("a");
                    assertThat(x.severity()).isEqualTo(Severity.WARNING);
                });
        assertThat(gate.update(matrix(List.of("a", "b", "c"), Map.of("a", Severity.DANGER, "c", Severity.DANGER)),
                T0.plusSeconds(2))).singleElement().satisfies(x -> {
                    assertThat(x.resources()).containsExactly("a");
                    assertThat(x.title()).isEqualTo("Danger: a");
                });
        // c is gone while degraded (no alert); a and b: a recovers, b degrades
        List<AlertGate.Alert> out = gate.update(matrix(List.of("a", "b"), Map.of("b", Severity.WARNING,
                "x", Severity.INFO)), T0.plusSeconds(3));
        assertThat(out).extracting(AlertGate.Alert::kind, AlertGate.Alert::resources).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AlertGate.Kind.DEGRADED, List.of("b")),
                org.assertj.core.groups.Tuple.tuple(AlertGate.Kind.RECOVERED, List.of("a")));
    }

    private static ClusterMatrix matrix(List<String> resources, Map<String, Severity> worst) {
        Map<String, Integer> rows = new java.util.HashMap<>();
        resources.forEach(r -> rows.put(r, rows.size()));
        return new ClusterMatrix("x", resources, rows, List.of("n1"), List.of(), Map.of(), worst, 1);
    }
}
