// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.drbd.health.FindingKind;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimChannels;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimResourceSpec;
import io.drbdpilot.sim.SimVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cross-node findings are the same whether the checks ask each node about the few resources that changed or make
 * one pass over every node's resources (when a node comes up with thousands).
 */
class CrossNodeChecksTest {

    @Test
    void fewOrManyChangedResourcesGiveTheSameFindings() {
        SimCluster sim = SimClusters.generated(SimVersion.V9, 4, 10);
        SimResourceSpec spec = sim.resources().get(3);
        String a = spec.nodes().get(0);
        String b = spec.nodes().get(1);
        SimChannels channels = new SimChannels(sim);
        List<NodeMonitor> monitors = new ArrayList<>();
        ConfigPool pool = new ConfigPool();
        ReadGate gate = new ReadGate(4);
        for (String n : sim.nodes()) {
            monitors.add(new NodeMonitor(n, channels.open(n), Clock.systemUTC(), () -> { }, pool, gate));
        }
        try {
            monitors.forEach(NodeMonitor::start);
            await().atMost(Duration.ofSeconds(20)).until(() -> monitors.stream().allMatch(m -> m.view().ready()));
            CrossNodeChecks following = new CrossNodeChecks();
            List<NodeView> before = views(monitors);
            int total = before.stream().mapToInt(v -> v.resources().size()).sum();
            assertThat(total).as("every resource is on two of the four nodes").isEqualTo(40);
            assertThat(following.update(before)).noneMatch(f -> f.finding().kind() == FindingKind.DUAL_PRIMARY);

            sim.cut(a, b);
            sim.promote(a, spec.name(), false);
            sim.promote(b, spec.name(), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> views(monitors).stream().filter(v ->
                    v.resource(spec.name()).map(r -> r.role().is(Role.PRIMARY)).orElse(false)).count() == 2);
            List<NodeView> after = views(monitors);

            List<String> fromFew = texts(following.update(after)); // few changed: asked node by node
            List<String> fromAll = texts(new CrossNodeChecks().update(after)); // all new: one pass over all
            assertThat(fromFew).isEqualTo(fromAll).anyMatch(t -> t.startsWith("DUAL_PRIMARY " + spec.name() + " "
                    + spec.name() + " is Primary on "));
        } finally {
            monitors.forEach(NodeMonitor::close);
        }
    }

    private static List<NodeView> views(List<NodeMonitor> monitors) {
        return monitors.stream().map(NodeMonitor::view).toList();
    }

    private static List<String> texts(List<ClusterFinding> findings) {
        return findings.stream().map(f -> f.finding().kind() + " " + f.finding().resource() + " "
                + f.finding().explanation()).sorted().toList();
    }
}
