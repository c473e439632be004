// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.HealthCheck;
import io.drbdpilot.drbd.health.HealthInput;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.ssh.NodeSession;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
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
    private final java.util.concurrent.ScheduledExecutorService builder;
    /** Findings that depend on time (a handshake held too long, a motionless resync) are re-read this often. */
    private static final long TIME_CHECK_SECONDS = 5;
    private volatile boolean timeDependent;
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** resync key → (out-of-sync KiB, since when unchanged) */
    private final Map<String, Object[]> progress = new HashMap<>();
    private volatile ClusterSnapshot latest;
    private final EventHistory history = new EventHistory(10_000);
    private final CrossNodeChecks crossNode = new CrossNodeChecks();
    /** node → the view whose resync progress was last tracked, and the motionless resyncs found then */
    private final Map<String, Object[]> progressCache = new HashMap<>();
    /** node → the view its findings were computed from, and those findings (only the builder thread uses it) */
    private final Map<String, Object[]> findingsCache = new HashMap<>();

    /** @param sessions node name → its SSH session (the monitor owns and closes them) */
    public ClusterMonitor(String cluster, Map<String, NodeSession> sessions, Clock clock, HealthPolicy policy) {
        this.cluster = cluster;
        this.clock = clock;
        this.policy = policy;
        this.builder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-" + cluster);
            t.setDaemon(true);
            return t;
        });
        ConfigPool configs = new ConfigPool();
        sessions.forEach((name, s) -> nodes.put(name, new NodeMonitor(name, s, clock, this::changed, configs)));
        latest = build();
        builder.scheduleWithFixedDelay(() -> {
            if (timeDependent) {
                changed();
            }
        }, TIME_CHECK_SECONDS, TIME_CHECK_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    public void start() {
        nodes.values().forEach(NodeMonitor::start);
    }

    public void subscribe(Consumer<ClusterSnapshot> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<ClusterSnapshot> subscriber) {
        subscribers.remove(subscriber);
    }

    /** The bounded timeline of changes (last 10,000). */
    public EventHistory history() {
        return history;
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
            builder.execute(() -> {
                dirty.set(false);
                ClusterSnapshot s = build();
                latest = s;
                history.record(s);
                subscribers.forEach(sub -> sub.accept(s));
            });
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
            // Resync progress is tracked again when the view changed, or while it resyncs (to see it stand still).
            Object[] tracked = progressCache.get(v.node());
            boolean resyncs = tracked != null && tracked[0] == v ? (Boolean) tracked[1]
                    : ProcReadings.resyncRuns(v.resources());
            Map<String, Instant> unchanged = tracked != null && tracked[0] == v && !resyncs ? Map.of()
                    : trackProgress(v, now);
            progressCache.put(v.node(), new Object[] {v, resyncs});
            // Findings depend on time only while a handshake state or a motionless resync exists; otherwise the
            // findings of an unchanged view are reused.
            Object[] cached = findingsCache.get(v.node());
            @SuppressWarnings("unchecked")
            List<Finding> own = cached != null && cached[0] == v && unchanged.isEmpty()
                    && !(Boolean) cached[2] ? (List<Finding>) cached[1] : null;
            if (own == null) {
                HealthInput in = new HealthInput(v.resources(), v.helperEvents(), Set.of(), v.config(),
                        v.replicationSince(), unchanged, now);
                own = HealthCheck.evaluate(in, policy);
                boolean timeDependent = v.resources().stream().flatMap(r -> r.connections().stream())
                        .flatMap(c -> c.peerDevices().stream()).anyMatch(p -> p.replication().value().isTransient());
                findingsCache.put(v.node(), new Object[] {v, own, timeDependent});
            }
            anyTimeDependent |= (Boolean) findingsCache.get(v.node())[2] || resyncs;
            for (Finding f : own) {
                findings.add(new ClusterFinding(v.node(), f));
            }
        }
        findings.addAll(crossNode.update(views));
        timeDependent = anyTimeDependent;
        return new ClusterSnapshot(cluster, now, views, findings);
    }

    /** Since when each running resync has shown the same out-of-sync amount. */
    private Map<String, Instant> trackProgress(NodeView v, Instant now) {
        Map<String, Instant> out = new HashMap<>();
        synchronized (progress) {
            for (ResourceState r : v.resources()) {
                for (ConnectionState c : r.connections()) {
                    for (PeerDeviceState p : c.peerDevices()) {
                        String key = Events2State.peerDeviceKey(r.name(), c.peerNodeId(), p.volume());
                        String full = v.node() + "/" + key;
                        if (!p.replication().value().isResync() || p.outOfSyncKiB() == null) {
                            progress.remove(full);
                            continue;
                        }
                        Object[] last = progress.get(full);
                        if (last == null || !last[0].equals(p.outOfSyncKiB())) {
                            progress.put(full, new Object[] {p.outOfSyncKiB(), now});
                        } else {
                            out.put(key, (Instant) last[1]);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        nodes.values().forEach(NodeMonitor::close);
        builder.shutdownNow();
    }
}
