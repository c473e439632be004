// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a dual-primary window's length reads: tenths of a second kept past a minute, so it can be checked. */
class DualWindowTest {

    @Test
    void tenthsAreKeptPastAMinuteAndWholeLimitsReadPlain() {
        assertThat(DualWindow.seconds(Duration.ofMillis(29_940))).isEqualTo("29.9 s");
        assertThat(DualWindow.seconds(Duration.ofMillis(60_420))).as("the virt lab's 60.4 s window")
                .isEqualTo("1 min 00.4 s");
        assertThat(DualWindow.seconds(Duration.ofMillis(131_050))).isEqualTo("2 min 11.1 s");
        assertThat(DualWindow.seconds(Duration.ofMinutes(1))).as("a limit").isEqualTo("1 min 00 s");
        assertThat(DualWindow.seconds(Duration.ofSeconds(180))).isEqualTo("3 min 00 s");
    }
}
