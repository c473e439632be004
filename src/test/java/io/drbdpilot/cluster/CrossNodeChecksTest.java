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
 * Checks that follow the views from call to call (re-checking only what changed, finding a resource's holders from their
 * own index) give the findings that checks seeing the views for the first time give.
 */
class CrossNodeChecksTest {

    @Test
    void fewOrManyChangedResourcesGiveTheSameFindings() {
        SimCluster sim = SimClusters.generated(SimVersion.V9, 4, 10);
        SimResourceSpec spec = sim.resources().get(3);
        String a = spec.nodes().get(0);
        String b = spec.nodes().get(1);
        List<NodeMonitor> monitors = monitors(sim);
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

    /**
     * A finding names the nodes in the order the views come in: when the same views come reordered, checks that
     * followed them re-word it as fresh checks do (a map of the nodes that forgot their order once kept the old text).
     */
    @Test
    void aReorderedNodeListReWordsADualPrimaryAsFreshChecksDo() {
        SimCluster sim = SimClusters.generated(SimVersion.V9, 3, 4);
        SimResourceSpec spec = sim.resources().get(1);
        String a = spec.nodes().get(0);
        String b = spec.nodes().get(1);
        List<NodeMonitor> monitors = monitors(sim);
        List<NodeView> views;
        try {
            sim.cut(a, b);
            sim.promote(a, spec.name(), false);
            sim.promote(b, spec.name(), false);
            monitors.forEach(NodeMonitor::start);
            await().atMost(Duration.ofSeconds(20)).until(() -> views(monitors).stream().filter(v -> v.ready()
                    && v.resource(spec.name()).map(r -> r.role().is(Role.PRIMARY)).orElse(false)).count() == 2);
            views = views(monitors);
        } finally {
            monitors.forEach(NodeMonitor::close);
        }
        CrossNodeChecks following = new CrossNodeChecks();
        String dual = spec.name() + " is Primary on ";
        assertThat(all(following.update(views))).anyMatch(t -> t.contains(dual + a + " and " + b + " "));
        List<NodeView> reversed = new ArrayList<>(views).reversed();
        List<String> followed = all(following.update(reversed));
        assertThat(followed).isEqualTo(all(new CrossNodeChecks().update(reversed)))
                .anyMatch(t -> t.contains(dual + b + " and " + a + " "))
                .noneMatch(t -> t.contains(dual + a + " and " + b + " "));
    }

    /**
     * Views that come and go at random (resources appearing and disappearing, records swapped between two states of the
     * cluster, nodes stale, gone, back, or claiming another's host name, the list reordered): after every step the
     * findings of checks that followed every step are those of checks that see the views for the first time.
     */
    @Test
    void followingChecksAgreeWithFreshOnesWhateverTheViewsDo() {
        SimCluster sim = SimClusters.generated(SimVersion.V9, 5, 8);
        List<NodeMonitor> monitors = monitors(sim);
        List<NodeView> calm;
        List<NodeView> troubled;
        try {
            monitors.forEach(NodeMonitor::start);
            await().atMost(Duration.ofSeconds(20)).until(() -> monitors.stream().allMatch(m -> m.view().ready()));
            calm = views(monitors);
            for (SimResourceSpec spec : sim.resources().subList(0, 6)) {
                sim.cut(spec.nodes().get(0), spec.nodes().get(1));
                sim.promote(spec.nodes().get(0), spec.name(), false);
                sim.promote(spec.nodes().get(1), spec.name(), false);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> texts(new CrossNodeChecks().update(views(monitors)))
                    .stream().filter(t -> t.startsWith("DUAL_PRIMARY")).count() == 6);
            troubled = views(monitors);
        } finally {
            monitors.forEach(NodeMonitor::close);
        }
        java.util.Random rnd = new java.util.Random(7);
        CrossNodeChecks following = new CrossNodeChecks();
        List<NodeView> last = new ArrayList<>(calm);
        int findingsSeen = 0;
        for (int step = 0; step < 400; step++) {
            List<NodeView> next = new ArrayList<>();
            for (int i = 0; i < calm.size(); i++) {
                NodeView base = rnd.nextBoolean() ? calm.get(i) : troubled.get(i);
                NodeView kept = last.stream().filter(v -> v.node().equals(base.node())).findFirst().orElse(null);
                switch (rnd.nextInt(7)) {
                    case 0 -> { } // the node is gone from the list this time
                    case 1 -> next.add(kept != null ? kept : base); // unchanged: the same instance
                    case 2 -> next.add(withResources(base, mix(calm.get(i), troubled.get(i), rnd)));
                    case 3 -> next.add(withResources(base, base.resources().subList(0, rnd.nextInt(
                            base.resources().size() + 1))));
                    case 4 -> next.add(stale(base));
                    case 5 -> next.add(withHost(base, calm.get(rnd.nextInt(calm.size())).drbdHost()));
                    default -> next.add(base);
                }
            }
            if (rnd.nextInt(4) == 0) {
                java.util.Collections.shuffle(next, rnd);
            }
            List<String> followed = all(following.update(next));
            List<String> fresh = all(new CrossNodeChecks().update(next));
            assertThat(followed).as("step %d", step).isEqualTo(fresh);
            findingsSeen += fresh.size();
            last = next;
        }
        assertThat(findingsSeen).as("the steps had findings to agree on").isGreaterThan(400);
    }

    private static List<io.drbdpilot.drbd.model.ResourceState> mix(NodeView a, NodeView b, java.util.Random rnd) {
        List<io.drbdpilot.drbd.model.ResourceState> out = new ArrayList<>();
        for (int i = 0; i < a.resources().size(); i++) {
            out.add(rnd.nextBoolean() ? a.resources().get(i) : b.resources().get(i));
        }
        return out;
    }

    private static NodeView withResources(NodeView v, List<io.drbdpilot.drbd.model.ResourceState> resources) {
        return new NodeView(v.node(), v.drbdHost(), v.freshness(), v.since(), v.reason(), v.kernel(), v.utils(),
                v.config(), resources, v.helperEvents(), v.replicationSince(), v.observedAt(), v.ready(),
                v.readMode());
    }

    private static NodeView stale(NodeView v) {
        return new NodeView(v.node(), v.drbdHost(), NodeView.Freshness.STALE, v.since(), "cut", v.kernel(), v.utils(),
                v.config(), v.resources(), v.helperEvents(), v.replicationSince(), v.observedAt(), v.ready(),
                v.readMode());
    }

    private static NodeView withHost(NodeView v, String host) {
        return new NodeView(v.node(), host, v.freshness(), v.since(), v.reason(), v.kernel(), v.utils(),
                v.config(), v.resources(), v.helperEvents(), v.replicationSince(), v.observedAt(), v.ready(),
                v.readMode());
    }

    /** Every finding with its node, in the order given (the order is part of what must agree). */
    private static List<String> all(List<ClusterFinding> findings) {
        return findings.stream().map(f -> f.node() + " " + f.finding().kind() + " " + f.finding().resource() + " "
                + f.finding().explanation()).toList();
    }

    /** A monitor per node of the simulator, not started, sharing one configuration pool and gate as a cluster's do. */
    private static List<NodeMonitor> monitors(SimCluster sim) {
        SimChannels channels = new SimChannels(sim);
        List<NodeMonitor> monitors = new ArrayList<>();
        ConfigPool pool = new ConfigPool();
        ReadGate gate = new ReadGate(sim.nodes().size());
        for (String n : sim.nodes()) {
            monitors.add(new NodeMonitor(n, channels.open(n), Clock.systemUTC(), () -> { }, pool, gate));
        }
        return monitors;
    }

    private static List<NodeView> views(List<NodeMonitor> monitors) {
        return monitors.stream().map(NodeMonitor::view).toList();
    }

    private static List<String> texts(List<ClusterFinding> findings) {
        return findings.stream().map(f -> f.finding().kind() + " " + f.finding().resource() + " "
                + f.finding().explanation()).sorted().toList();
    }
}
