// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeTextTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2026-11-27T11:32:40Z");

    @Test
    void localTimeOfDayAndHowLongAgoNeverAnIsoStamp() {
        Instant t = Instant.parse("2026-11-27T11:29:36.112734005Z");
        assertThat(TimeText.at(t, NOW, BERLIN)).isEqualTo("12:29:36, 3 min ago").doesNotContain("T11").doesNotContain("Z");
        assertThat(TimeText.at(Instant.parse("2026-11-25T08:00:00Z"), NOW, BERLIN))
                .isEqualTo("2026-11-25 09:00:00, 2 days ago");
        assertThat(TimeText.full(t, BERLIN)).isEqualTo("2026-11-27 12:29:36.112 +01:00");
    }

    @Test
    void aClockTimeForWordsThatMustNotChangeByThemselves() {
        Instant t = Instant.now().minusSeconds(90);
        String text = TimeText.clock(t);
        assertThat(text).matches("\\d\\d:\\d\\d:\\d\\d|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d")
                .doesNotContain("ago").doesNotContain("T").isEqualTo(TimeText.clock(t));
        assertThat(TimeText.clock(null)).isEqualTo("an unknown time");
    }

    @Test
    void agoInWords() {
        assertThat(TimeText.ago(NOW.minusSeconds(2), NOW)).isEqualTo("just now");
        assertThat(TimeText.ago(NOW.minusSeconds(42), NOW)).isEqualTo("42 s ago");
        assertThat(TimeText.ago(NOW.minusSeconds(7500), NOW)).isEqualTo("2 h 5 min ago");
        assertThat(TimeText.ago(NOW.minusSeconds(7200), NOW)).isEqualTo("2 h ago");
        assertThat(TimeText.ago(NOW.minusSeconds(90_000), NOW)).isEqualTo("1 day ago");
        assertThat(TimeText.ago(NOW.plusSeconds(600), NOW)).isEqualTo("in the future (a clock is ahead)");
        assertThat(TimeText.at(null, NOW, BERLIN)).isEqualTo("an unknown time");
    }
}
