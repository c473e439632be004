// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimViews;
import io.drbdpilot.drbd.health.PromotionCheck.Answer;
import io.drbdpilot.drbd.health.PromotionCheck.Verdict;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimVersion;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The promotion verdicts over real-format events2 output (8.4 and 9) of simulated clusters. */
class PromotionCheckTest {

    private static ResourceState res(SimCluster c, String node, String name) {
        return SimViews.resources(c, node).stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aConnectedSecondaryOfAPrimaryIsRefusedWithTheTwoPrimariesCode() {
        SimCluster c = SimClusters.lab84(false);
        Verdict alpha = PromotionCheck.check("alpha", res(c, "alpha", "r0"), false, Map.of());
        Verdict beta = PromotionCheck.check("beta", res(c, "beta", "r0"), false, Map.of("alpha", true));
        assertThat(alpha.answer()).isEqualTo(Answer.NO);
        assertThat(alpha.summary()).contains("already");
        assertThat(beta.answer()).isEqualTo(Answer.NO);
        assertThat(beta.summary()).isEqualTo("No: Multiple primaries not allowed by config.");
        assertThat(beta.reasons().get(0)).startsWith("(-1)").contains("alpha");
        // With allow-two-primaries the same state is acceptable.
        assertThat(PromotionCheck.check("beta", res(c, "beta", "r0"), true, Map.of("alpha", true)).answer())
                .isEqualTo(Answer.YES);
    }

    @Test
    void afterTheDemotionTheUpToDateSecondaryMayBePromoted() {
        SimCluster c = SimClusters.lab84(false);
        c.demote("alpha", "r0");
        Verdict beta = PromotionCheck.check("beta", res(c, "beta", "r0"), false, Map.of());
        assertThat(beta.answer()).isEqualTo(Answer.YES);
        assertThat(beta.summary()).startsWith("Yes");
    }

    @Test
    void aCutLinkToAPrimaryMakesPromotionRiskyNotSafe() {
        SimCluster c = SimClusters.lab84(false);
        c.cut("alpha", "beta");
        c.tick(Duration.ofSeconds(5));
        Verdict beta = PromotionCheck.check("beta", res(c, "beta", "r0"), false, Map.of("alpha", false));
        assertThat(beta.answer()).isEqualTo(Answer.RISKY);
        assertThat(String.join(" ", beta.reasons())).contains("split brain");
    }

    @Test
    void aResyncTargetWithoutItsSourceNeedsUpToDateData() {
        SimCluster c = SimClusters.lab84(false);
        c.demote("alpha", "r0");
        c.cut("alpha", "beta");
        c.tick(Duration.ofSeconds(2));
        c.promote("alpha", "r0", false);
        c.write("alpha", "r0", 0, 512 * 1024);
        c.heal("alpha", "beta");
        c.tick(Duration.ofMillis(300));
        ResourceState beta = res(c, "beta", "r0");
        assertThat(beta.devices().get(0).disk().raw()).isIn("Inconsistent", "Outdated");
        c.cut("alpha", "beta");
        c.tick(Duration.ofSeconds(2));
        Verdict v = PromotionCheck.check("beta", res(c, "beta", "r0"), false, Map.of());
        assertThat(v.answer()).isEqualTo(Answer.NO);
        assertThat(v.reasons().get(0)).startsWith("(-2) Need access to UpToDate data");
    }

    @Test
    void drbd9WithoutQuorumIsRefusedEvenWithUpToDateData() {
        SimCluster c = SimClusters.layout(SimVersion.V9, 3, 3); // r2 is on three nodes with quorum majority
        String a = c.resources().get(2).nodes().get(0);
        String b = c.resources().get(2).nodes().get(1);
        String x = c.resources().get(2).nodes().get(2);
        c.cut(x, a);
        c.cut(x, b);
        c.tick(Duration.ofSeconds(5));
        ResourceState r2 = res(c, x, "r2");
        assertThat(r2.devices().get(0).quorum()).isFalse();
        Verdict v = PromotionCheck.check(x, r2, false, Map.of());
        assertThat(v.answer()).isEqualTo(Answer.NO);
        assertThat(v.reasons()).anySatisfy(s -> assertThat(s).startsWith("(-25) No quorum"));
    }

    @Test
    void aResourceThatIsNotUpCannotBePromoted() {
        Verdict v = PromotionCheck.check("gamma", null, false, Map.of());
        assertThat(v.answer()).isEqualTo(Answer.NO);
        assertThat(v.reasons().get(0)).contains("drbdadm up");
    }
}
