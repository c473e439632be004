// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.HealthCheck;
import io.drbdpilot.drbd.health.HealthInput;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Watches every node of a cluster (one SSH session each) and publishes one immutable {@link ClusterSnapshot} per
 * change. Bursts of events are coalesced: while a snapshot is being built, further changes set a flag and cost one
 * more build, not one each. Subscribers are called on the monitor's own thread.
 */
public final class ClusterMonitor implements AutoCloseable {

    private final String cluster;
    private final Clock clock;
    private final HealthPolicy policy;
    private final Map<String, NodeMonitor> nodes = new LinkedHashMap<>();
    private final List<Consumer<ClusterSnapshot>> subscribers = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<HistoryEvent>>> changeSubscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService builder;
    /** Findings that depend on time (a handshake held too long, a motionless resync) are re-read this often. */
    private static final long TIME_CHECK_SECONDS = 5;
    private volatile boolean timeDependent;
    private final AtomicBoolean dirty = new AtomicBoolean();
    /**
     * Until every node has delivered its first state, snapshots are built at most this often: 200 nodes arriving
     * would otherwise cost a build of the whole cluster each (the CPU the arrival itself needs), for a map that changes
     * faster than anyone reads it.
     */
    static final long ARRIVAL_BUILD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Every node has delivered its first state (or is known to be unreachable): each change is built at once. */
    private volatile boolean arrived;
    private volatile long lastBuildNanos;
    /** node → resync key → (out-of-sync KiB, since when unchanged) */
    private final Map<String, Map<String, Object[]>> progress = new HashMap<>();
    private volatile ClusterSnapshot latest;
    private final EventHistory history = new EventHistory(10_000);
    private final CrossNodeChecks crossNode = new CrossNodeChecks();
    /** node → what the last build learnt from its view (only the builder thread uses it) */
    private final Map<String, NodeCache> cache = new HashMap<>();

    /**
     * One pass over a view's peer devices.
     *
     * @param unchanged      since when each running resync has shown the same out-of-sync amount
     * @param resyncs        a resync or verify runs (its progress must be watched even without events)
     * @param transientState a handshake state is held (its findings depend on the time)
     */
    private record Scan(Map<String, Instant> unchanged, boolean resyncs, boolean transientState) {
    }

    /** A view, its scan and its findings: reused while the view is the same instance and time does not matter. */
    private record NodeCache(NodeView view, Scan scan, List<Finding> findings) {
    }

    /** @param sessions node name → its SSH session (the monitor owns and closes them) */
    public ClusterMonitor(String cluster, Map<String, NodeChannel> sessions, Clock clock, HealthPolicy policy) {
        this.cluster = cluster;
        this.clock = clock;
        this.policy = policy;
        this.builder = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("cluster-" + cluster).daemon().factory());
        ConfigPool configs = new ConfigPool();
        ReadGate gate = new ReadGate(ReadGate.DEFAULT_TURNS);
        sessions.forEach((name, s) -> nodes.put(name, new NodeMonitor(name, s, clock, this::changed, configs,
                gate)));
        latest = build();
        builder.scheduleWithFixedDelay(() -> {
            if (timeDependent) {
                changed();
            }
        }, TIME_CHECK_SECONDS, TIME_CHECK_SECONDS, TimeUnit.SECONDS);
    }

    public void start() {
        nodes.values().forEach(NodeMonitor::start);
    }

    /** Reads every node once, all reads at the same time, instead of watching them (see NodeMonitor#readOnce). */
    public void readOnce() {
        nodes.values().forEach(NodeMonitor::readOnce);
    }

    public void subscribe(Consumer<ClusterSnapshot> subscriber) {
        subscribers.add(subscriber);
    }

    /** Receives the changes each snapshot brings, as the history records them (one diff per snapshot, shared). */
    public void subscribeChanges(Consumer<List<HistoryEvent>> subscriber) {
        changeSubscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<ClusterSnapshot> subscriber) {
        subscribers.remove(subscriber);
    }

    /** The bounded timeline of changes (last 10,000). */
    public EventHistory history() {
        return history;
    }

    /** The nodes, in the order given. */
    public List<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    /**
     * Runs one command on a node over the monitor's own session (for on-demand reads such as the raw view). Blocks:
     * never call it on the UI thread.
     */
    public CommandResult run(String node, RemoteCommand command,
            Duration timeout) throws SshException {
        NodeMonitor m = nodes.get(node);
        if (m == null) {
            throw new IllegalArgumentException("no node named " + node + " in " + cluster);
        }
        return m.session().run(command, timeout);
    }

    /** Each node's SSH session, by node name (for the operations, which run their commands over them). */
    public Map<String, NodeChannel> sessions() {
        Map<String, NodeChannel> out = new LinkedHashMap<>();
        nodes.forEach((n, m) -> out.put(n, m.session()));
        return out;
    }

    public ClusterSnapshot snapshot() {
        return latest;
    }

    /** True when every node has delivered its initial state or is known to be unreachable. */
    public boolean settled() {
        return nodes.values().stream().allMatch(NodeMonitor::settled);
    }

    private void changed() {
        if (dirty.compareAndSet(false, true)) {
            long delay = 0;
            if (!arrived) {
                if (settled()) {
                    arrived = true;
                } else {
                    delay = Math.max(0, lastBuildNanos + ARRIVAL_BUILD_NANOS - System.nanoTime());
                }
            }
            builder.schedule(() -> {
                lastBuildNanos = System.nanoTime(); // before the flag: a change seen now waits from this build
                dirty.set(false);
                ClusterSnapshot s = build();
                latest = s;
                List<HistoryEvent> changes = history.record(s);
                subscribers.forEach(sub -> sub.accept(s));
                if (!changes.isEmpty()) {
                    changeSubscribers.forEach(sub -> sub.accept(changes));
                }
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    private ClusterSnapshot build() {
        Instant now = clock.instant();
        List<NodeView> views = nodes.values().stream().map(NodeMonitor::view).toList();
        List<ClusterFinding> findings = new ArrayList<>();
        boolean anyTimeDependent = false;
        for (NodeView v : views) {
            if (v.resources().isEmpty()) {
                continue;
            }
            NodeCache last = cache.get(v.node());
            boolean same = last != null && last.view() == v;
            // A changed view is scanned again, and so is a resyncing one (to see its progress stand still).
            Scan scan = same && !last.scan().resyncs() ? last.scan() : scan(v, now);
            List<Finding> own = same && scan.unchanged().isEmpty() && !scan.transientState() ? last.findings()
                    : HealthCheck.evaluate(new HealthInput(v.resources(), v.helperEvents(), Set.of(), v.config(),
                            v.replicationSince(), scan.unchanged(), now), policy);
            cache.put(v.node(), new NodeCache(v, scan, own));
            anyTimeDependent |= scan.resyncs() || scan.transientState();
            for (Finding f : own) {
                findings.add(new ClusterFinding(v.node(), f));
            }
        }
        findings.addAll(crossNode.update(views));
        timeDependent = anyTimeDependent;
        return new ClusterSnapshot(cluster, now, views, findings);
    }

    private Scan scan(NodeView v, Instant now) {
        Map<String, Instant> out = new HashMap<>();
        boolean resyncs = false;
        boolean transientState = false;
        synchronized (progress) {
            // by the peer device's key: the node's resyncs and their out-of-sync amount when it last changed
            Map<String, Object[]> mine = progress.computeIfAbsent(v.node(), k -> new HashMap<>());
            for (ResourceState r : v.resources()) {
                for (ConnectionState c : r.connections()) {
                    for (PeerDeviceState p : c.peerDevices()) {
                        ReplicationState rs = p.replication().value();
                        resyncs |= rs.isResync() || rs.isVerify();
                        transientState |= rs.isTransient();
                        boolean watched = rs.isResync() && p.outOfSyncKiB() != null;
                        if (!watched && mine.isEmpty()) {
                            continue; // nothing to forget: no key made for the thousand peer devices that are in sync
                        }
                        String key = Events2State.peerDeviceKey(r.name(), c.peerNodeId(), p.volume());
                        if (!watched) {
                            mine.remove(key);
                            continue;
                        }
                        Object[] last = mine.get(key);
                        if (last == null || !last[0].equals(p.outOfSyncKiB())) {
                            mine.put(key, new Object[] {p.outOfSyncKiB(), now});
                        } else {
                            out.put(key, (Instant) last[1]);
                        }
                    }
                }
            }
        }
        return new Scan(out, resyncs, transientState);
    }

    @Override
    public void close() {
        nodes.values().forEach(NodeMonitor::close);
        builder.shutdownNow();
    }
}
