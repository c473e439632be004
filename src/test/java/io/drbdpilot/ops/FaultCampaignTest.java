// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The randomized fault campaign (see {@link FaultCampaign}). {@code ./mvnw verify} runs a fast slice; the
 * {@code campaign} profile ({@code ./mvnw -Pcampaign test}) runs 1000 seeds of each scenario and prints the counts.
 * One seed replays with {@code -Dcampaign.seed=N} (and {@code -Dcampaign.scenario=LIVE_MIGRATION} to narrow it).
 */
class FaultCampaignTest {

    @Test
    void noSeedLeavesTheClusterUnsafe() throws Exception {
        String one = System.getProperty("campaign.seed", "");
        long first = one.isBlank() ? Long.getLong("campaign.first", 1) : Long.parseLong(one);
        int runs = one.isBlank() ? Integer.getInteger("campaign.runs", 80) : 1;
        String only = System.getProperty("campaign.scenario", "");
        List<FaultCampaign.Scenario> scenarios = only.isBlank() ? Arrays.asList(FaultCampaign.Scenario.values())
                : List.of(FaultCampaign.Scenario.valueOf(only));
        long t0 = System.nanoTime();
        FaultCampaign.Summary s = FaultCampaign.campaign(first, runs, scenarios);
        System.out.println(s + "\n  took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(s.failures).as(s.toString()).isEmpty();
        assertThat(s.violations).isZero();
        assertThat(s.hangs).isZero();
        // the campaign is only worth its name if the faults bite: plans end every way, not just DONE
        if (runs >= 50) {
            assertThat(s.outcomes.keySet()).anyMatch(k -> k.endsWith("ROLLED_BACK")).anyMatch(k -> k.endsWith("MANUAL"))
                    .anyMatch(k -> k.endsWith("DONE"));
        }
    }
}
