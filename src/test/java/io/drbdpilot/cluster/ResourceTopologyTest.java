// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.cluster.ResourceTopology.LinkState;
import io.drbdpilot.cluster.ResourceTopology.Side;
import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Drbd84Mapping;
import io.drbdpilot.drbd.parse.Events2Stream;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The diagram's model from real lab outputs: both ends of each link merged, resync direction and progress. */
class ResourceTopologyTest {

    private static ResourceState proc(String sample, String host, int n, int minor) throws Exception {
        return Drbd84Mapping.toResource(ProcDrbdParser.parse(Samples.section(sample, host, "cat /proc/drbd", n)
                .output()).value().devices().stream().filter(d -> d.minor() == minor).findFirst().orElseThrow(), "r0");
    }

    @Test
    void aResyncPointsFromTheSourceAndCarriesTheProgress() throws Exception {
        ResourceState alpha = Events2Stream.parse(Samples.section("resync", "alpha",
                "drbdsetup events2 --now --statistics r0", 0).output()).value().resources().get(0);
        ResourceState beta = proc("resync", "beta", 1, 0);
        ResourceTopology t = ResourceTopology.of("r0", List.of(new Side("alpha", "alpha", alpha, false),
                new Side("beta", "beta", beta, false)));
        assertThat(t.boxes()).extracting(ResourceTopology.Box::node).containsExactly("alpha", "beta");
        assertThat(t.boxes().get(0).primary()).isTrue();
        assertThat(t.boxes().get(1).diskOk()).isFalse(); // Inconsistent
        ResourceTopology.Link l = t.links().get(0);
        assertThat(l.state()).isEqualTo(LinkState.CONNECTED);
        assertThat(l.syncFrom()).isEqualTo("alpha");
        assertThat(l.progress().percent()).isEqualTo(54.6); // beta's /proc/drbd has the percentage
        assertThat(t.dualPrimary()).isFalse();
    }

    @Test
    void aCutWaitsOnBothSidesOneStandAloneBreaksTheLinkAndTwoAreASplitBrain() throws Exception {
        ResourceTopology cut = ResourceTopology.of("r0", List.of(
                new Side("alpha", "alpha", proc("standalone", "alpha", 2, 0), false),
                new Side("beta", "beta", proc("standalone", "beta", 2, 0), false)));
        assertThat(cut.links()).singleElement().satisfies(l -> {
            assertThat(l.state()).isEqualTo(LinkState.CONNECTING);
            assertThat(l.aSays()).isEqualTo("WFConnection");
        });
        assertThat(cut.splitBrain()).isFalse();

        ResourceTopology lone = ResourceTopology.of("r0", List.of(
                new Side("alpha", "alpha", proc("standalone", "alpha", 0, 0), false),
                new Side("beta", "beta", proc("standalone", "beta", 0, 0), false)));
        assertThat(lone.links().get(0).state()).isEqualTo(LinkState.STANDALONE);
        assertThat(lone.links().get(0).bSays()).isEqualTo("WFConnection");
        assertThat(lone.splitBrain()).isFalse();

        ResourceState standAlonePrimary = proc("standalone", "alpha", 0, 0);
        ResourceTopology both = ResourceTopology.of("r0", List.of(new Side("alpha", "alpha", standAlonePrimary, false),
                new Side("beta", "beta", standAlonePrimary, false)));
        assertThat(both.splitBrain()).isTrue();
        assertThat(both.dualPrimary()).isTrue();
    }

    @Test
    void aStaleNodeKeepsItsBoxMarkedAndItsLinkUnknown() throws Exception {
        ResourceTopology t = ResourceTopology.of("r0", List.of(
                new Side("alpha", "alpha", proc("resync", "alpha", 1, 0), false),
                new Side("beta", "beta", proc("resync", "beta", 0, 0), true)));
        assertThat(t.boxes().get(1).stale()).isTrue();
        assertThat(t.boxes().get(1).role()).endsWith("(stale)");
        assertThat(t.links().get(0).state()).isEqualTo(LinkState.UNKNOWN);
    }
}
