// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.HealthCheck;
import io.drbdpilot.drbd.health.HealthInput;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.drbd.parse.Events2Stream;
import io.drbdpilot.drbd.parse.KernelLog;
import io.drbdpilot.drbd.parse.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The built-in demo: {@link SimClusters#demo()} running in real time in this process. Its state is read the way real
 * nodes are read: each node's shell is asked for {@code drbdsetup events2 --now --statistics all} and
 * {@code dmesg}, and the text goes through the real parsers and health checks.
 */
public final class DemoCluster implements AutoCloseable {

    public static final String NAME = "Demo cluster (simulated)";
    private static final Duration TICK = Duration.ofMillis(250);

    /** One node as the app sees it: reachable or not, its resources and findings, or what went wrong reading it. */
    public record NodeView(String node, boolean up, List<ResourceState> resources, List<Finding> findings,
            String error) {
        public NodeView {
            resources = List.copyOf(resources);
            findings = List.copyOf(findings);
        }
    }

    private final ScheduledExecutorService clock;
    private volatile SimCluster cluster;

    public DemoCluster() {
        cluster = SimClusters.demo();
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-clock");
            t.setDaemon(true);
            return t;
        });
        clock.scheduleAtFixedRate(() -> cluster.tick(TICK), TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    public SimCluster cluster() {
        return cluster;
    }

    /** Back to the demo's starting state. */
    public void reset() {
        cluster = SimClusters.demo();
    }

    /** Reads every node. Safe from any thread; takes a few milliseconds. */
    public List<NodeView> read() {
        SimCluster c = cluster;
        List<NodeView> out = new ArrayList<>();
        for (String node : c.nodes()) {
            SimShell sh = new SimShell(c, node, "root");
            SimShell.Result events = sh.run("drbdsetup events2 --now --statistics all");
            if (events.exit() != 0) {
                out.add(new NodeView(node, false, List.of(), List.of(), events.stderr().strip()));
                continue;
            }
            try {
                Events2State st = Events2Stream.parse(events.stdout()).value();
                KernelLog log = KernelLog.scan(sh.run("dmesg").stdout());
                HealthInput in = new HealthInput(st.resources(), st.helperEvents(), log.splitBrainResources(), null,
                        Map.of(), Map.of(), Instant.now());
                out.add(new NodeView(node, true, st.resources(), HealthCheck.evaluate(in, HealthPolicy.defaults()),
                        null));
            } catch (ParseException e) {
                out.add(new NodeView(node, true, List.of(), List.of(), "unreadable events2: " + e.getMessage()));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
