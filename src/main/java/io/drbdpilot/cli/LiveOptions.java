// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.settings.Settings;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.SessionFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code status} and {@code watch} share: which nodes, and how to log in to them. */
final class LiveOptions {

    @Option(names = "--cluster", description = "A cluster from the settings.")
    String cluster;

    @Option(names = "--node", paramLabel = "NAME=TARGET",
            description = "A node: a name and an SSH target (user@host:port or an ssh-config alias). Repeatable.")
    List<String> nodes = new ArrayList<>();

    @Mixin
    SshOptions ssh = new SshOptions();

    /** The cluster --cluster named, once {@link #targets} read it: its own SSH files apply where no option is given. */
    private ClusterSettings chosen;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for every node (default "
            + "${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /**
     * The nodes that hold the resource with a disk, as the monitor read them, plus {@code also} (a node where it is
     * down); a node the monitor could not read is kept (the plan's checks block on it, never skip it).
     */
    static List<String> nodesWithDisk(ClusterSnapshot s, Map<String, String> targets, String res, String also) {
        List<String> out = new java.util.ArrayList<>();
        for (String n : targets.keySet()) {
            NodeView v = s.node(n).orElse(null);
            boolean unknown = v == null || v.freshness() != NodeView.Freshness.LIVE;
            if (n.equals(also) || unknown || v.resource(res).map(r -> r.devices().stream().noneMatch(
                    d -> Boolean.TRUE.equals(d.client()))).orElse(false)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * The nodes that hold the resource (diskless ones too), as the monitor read them; a node the monitor could not read
     * is kept (the plan's checks block on it, never skip it).
     */
    static List<String> nodesWithResource(ClusterSnapshot s, Map<String, String> targets, String res) {
        List<String> out = new ArrayList<>();
        for (String n : targets.keySet()) {
            NodeView v = s.node(n).orElse(null);
            if (v == null || v.freshness() != NodeView.Freshness.LIVE || v.resource(res).isPresent()) {
                out.add(n);
            }
        }
        return out;
    }

    /** Name → target, or an error message. */
    Map<String, String> targets(Settings settings) {
        Map<String, String> out = new LinkedHashMap<>();
        if (cluster != null) {
            ClusterSettings c = settings.cluster(cluster).orElseThrow(() -> new IllegalArgumentException(
                    "no cluster named '" + cluster + "' in the settings"));
            chosen = c;
            for (NodeSettings n : c.nodes()) {
                out.put(n.name(), n.target());
            }
        }
        for (String spec : nodes) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("--node wants NAME=TARGET, e.g. alpha=root@10.0.0.1, not '" + spec
                        + "'");
            }
            out.put(spec.substring(0, eq), spec.substring(eq + 1));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("name the nodes: --cluster NAME, or --node NAME=TARGET for each node");
        }
        return out;
    }

    ClusterMonitor monitor(String name, Map<String, String> targets) {
        Map<String, NodeChannel> sessions = new LinkedHashMap<>();
        SessionFactory factory = sessions();
        targets.forEach((node, spec) -> sessions.put(node, factory.open(spec)));
        return new ClusterMonitor(name, sessions, Clock.systemUTC(), HealthPolicy.defaults());
    }

    /** The nodes, with each of {@code required} among them; IllegalArgumentException names the one missing. */
    Map<String, String> targets(Settings settings, List<String> required) {
        Map<String, String> t = targets(settings);
        for (String n : required) {
            if (!t.containsKey(n)) {
                throw new IllegalArgumentException("no node named " + n + "; the nodes are " + t.keySet());
            }
        }
        return t;
    }

    /** A monitor of the nodes, started and settled (every node read, or --timeout passed); the caller closes it. */
    ClusterMonitor settled(Map<String, String> targets) {
        ClusterMonitor m = monitor(cluster != null ? cluster : "cluster", targets);
        startAndSettle(m);
        return m;
    }

    /** Starts the monitor and waits, at most --timeout, until every node has delivered its state or is unreachable. */
    void startAndSettle(ClusterMonitor monitor) {
        monitor.start();
        settle(monitor);
    }

    /** Reads every node once and waits, at most --timeout, until each is in or unreachable (a one-shot view). */
    void readOnce(ClusterMonitor monitor) {
        monitor.readOnce();
        settle(monitor);
    }

    private void settle(ClusterMonitor monitor) {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (!monitor.settled() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L); // remote nodes: nothing to signal on
        }
    }

    /** A session to one target, with the user's ssh config, the given keys and known_hosts. */
    NodeChannel session(String spec) {
        return sessions().open(spec);
    }

    /** Resolves a target as a session would; throws IllegalArgumentException when it is not usable. */
    void resolve(String spec) {
        sessions().resolve(spec);
    }

    private SessionFactory sessions() {
        return ssh.sessions(chosen);
    }
}
