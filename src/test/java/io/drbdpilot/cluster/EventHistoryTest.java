// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drbdpilot.drbd.parse.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventHistoryTest {

    private static ClusterSnapshot snap(int i, NodeView.Freshness f) {
        NodeView v = new NodeView("alpha", "alpha", f, Instant.EPOCH, f == NodeView.Freshness.STALE ? "down" : "", null,
                null, null, List.of(), List.of(), Map.of(), Instant.EPOCH, false, null);
        return new ClusterSnapshot("c", Instant.ofEpochSecond(i), List.of(v), List.of());
    }

    @Test
    void recordsChangesOnlyAndKeepsTheNewestWithinItsBound() throws Exception {
        EventHistory h = new EventHistory(3);
        assertThat(h.record(snap(0, NodeView.Freshness.LIVE))).hasSize(1);
        assertThat(h.record(snap(1, NodeView.Freshness.LIVE))).isEmpty();
        for (int i = 2; i < 8; i++) {
            h.record(snap(i, i % 2 == 0 ? NodeView.Freshness.STALE : NodeView.Freshness.LIVE));
        }
        assertThat(h.events()).hasSize(3);
        assertThat(h.events().get(2).at()).isEqualTo(Instant.ofEpochSecond(7));
        HistoryReplay.Result r = HistoryReplay.replay(h.exportJsonLines());
        assertThat(r.events()).hasSize(3);
        assertThat(r.finalState()).containsEntry("alpha", "LIVE");
    }

    @Test
    void aBadLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> HistoryReplay.replay("{\"at\":\"2026-01-01T00:00:00Z\",\"key\":\"a\",\"to\":\"x\"}\n"
                + "{\"at\":\"yesterday\",\"key\":\"b\"}\n"))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.lineNumber()).isEqualTo(2));
    }
}
