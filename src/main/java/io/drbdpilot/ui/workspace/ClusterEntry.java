// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.AlertGate;
import io.drbdpilot.cluster.ClusterMatrix;
import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.ops.config.ConfigDrift;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.workload.Workloads;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.HistoryEvent;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.settings.ClusterSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One open cluster for the UI: its monitor, and the latest snapshot and digest as properties that change on the UI
 * thread only. Snapshots are coalesced: at most one per {@link #MIN_INTERVAL_MS} (longer when updates are costly) is
 * digested (overview cells, worst states, alerts) on the throttle thread and handed to the UI thread, however fast the
 * cluster changes.
 */
public final class ClusterEntry implements AutoCloseable {

    static final long MIN_INTERVAL_MS = 100;
    static final int TIMELINE_CAP = 10_000;

    private record Pending(ClusterSnapshot snapshot, ClusterMatrix matrix) {
    }

    private final ClusterSettings settings;
    private final boolean simulated;
    private final ClusterMonitor monitor;
    private final Consumer<Runnable> ui;
    private final ScheduledExecutorService throttle;
    private final Consumer<ClusterMatrix> alerts;
    /** The newest snapshot not digested yet (monitor thread → throttle thread). */
    private final AtomicReference<ClusterSnapshot> latest = new AtomicReference<>();
    /** The newest digest not applied yet (throttle thread → UI thread). */
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private final ConcurrentLinkedQueue<HistoryEvent> newEvents = new ConcurrentLinkedQueue<>();
    private final ReadOnlyObjectWrapper<ClusterSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ClusterMatrix> matrix = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Map<String, String>> drift = new ReadOnlyObjectWrapper<>(Map.of());
    private volatile ScheduledFuture<?> driftWatch;
    /** A drift read is running: the next tick does not start another one beside it (a slow cluster). */
    private final AtomicBoolean driftReading = new AtomicBoolean();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    /** Where the cluster's reading stands: every node's first state in, or some nodes unreachable. */
    public enum Phase { CONNECTING, LIVE, DEGRADED }

    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(Phase.CONNECTING);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("connecting");
    private final ObservableList<HistoryEvent> timeline = FXCollections.observableArrayList();
    private ClusterMatrix lastDigest; // throttle thread only
    private volatile long lastApplied;
    private volatile long lastCostMs;
    private int applied;

    /**
     * Opens every node's session and starts watching.
     *
     * @param ui       runs a task on the UI thread ({@code Platform::runLater}; tests pass {@code Runnable::run})
     * @param throttle schedules the delayed UI updates
     * @param alerts   receives each digest on the throttle thread, for notifications
     */
    public static ClusterEntry open(ClusterSettings settings, NodeLinks links, boolean simulated,
            Consumer<Runnable> ui, ScheduledExecutorService throttle, Consumer<ClusterMatrix> alerts) {
        ClusterMonitor m = links.monitor(settings, HealthPolicy.defaults());
        ClusterEntry e = new ClusterEntry(settings, simulated, m, ui, throttle, alerts);
        m.subscribe(e::offer);
        m.subscribeChanges(e.newEvents::addAll);
        m.start();
        return e;
    }

    ClusterEntry(ClusterSettings settings, boolean simulated, ClusterMonitor monitor, Consumer<Runnable> ui,
            ScheduledExecutorService throttle, Consumer<ClusterMatrix> alerts) {
        this.settings = settings;
        this.alerts = alerts;
        this.simulated = simulated;
        this.monitor = monitor;
        this.ui = ui;
        this.throttle = throttle;
        offer(monitor.snapshot());
    }

    /** Takes a snapshot on the monitor's thread; the digest waits for the next UI update. */
    void offer(ClusterSnapshot s) {
        if (latest.getAndSet(s) == null) {
            // The UI thread spends at most about a fifth of its time on one cluster's updates, however big.
            long wait = lastApplied + Math.max(MIN_INTERVAL_MS, 4 * lastCostMs) - System.currentTimeMillis();
            throttle.schedule(this::digest, Math.max(0, wait), TimeUnit.MILLISECONDS);
        }
    }

    /** On the throttle thread: digests the newest snapshot only, and hands it to the UI thread. */
    private void digest() {
        ClusterSnapshot s = latest.getAndSet(null);
        if (s == null) {
            return;
        }
        ClusterMatrix d = ClusterMatrix.of(s, lastDigest);
        lastDigest = d;
        alerts.accept(d);
        if (pending.getAndSet(new Pending(s, d)) == null) {
            ui.accept(this::apply);
        }
    }

    private void apply() {
        Pending p = pending.getAndSet(null);
        if (p == null) {
            return;
        }
        lastApplied = System.currentTimeMillis();
        applied++;
        List<HistoryEvent> batch = new ArrayList<>();
        for (HistoryEvent ev; (ev = newEvents.poll()) != null; ) {
            batch.add(ev);
        }
        if (!batch.isEmpty()) {
            int overflow = timeline.size() + batch.size() - TIMELINE_CAP;
            if (overflow > 0) {
                timeline.remove(0, Math.min(overflow, timeline.size()));
            }
            timeline.addAll(batch.size() > TIMELINE_CAP ? batch.subList(batch.size() - TIMELINE_CAP, batch.size())
                    : batch);
        }
        ClusterSnapshot s = p.snapshot();
        int total = s.nodes().size();
        long settled = s.nodes().stream().filter(v -> v.ready() || v.freshness() == NodeView.Freshness.STALE)
                .count();
        long stale = s.nodes().stream().filter(v -> v.freshness() == NodeView.Freshness.STALE).count();
        // The snapshot and matrix first: whoever sees the phase turn LIVE (a listener, or a thread that polls it) must
        // find the snapshot that made it so, not the one before it.
        snapshot.set(s);
        matrix.set(p.matrix());
        progress.set(total == 0 ? 1 : (double) settled / total);
        phase.set(settled < total ? Phase.CONNECTING : stale > 0 ? Phase.DEGRADED : Phase.LIVE);
        statusText.set(settled < total ? "connecting " + settled + "/" + total
                : stale > 0 ? stale + " of " + total + " node" + (total == 1 ? "" : "s") + " unreachable"
                : "live");
        lastCostMs = System.currentTimeMillis() - lastApplied;
    }

    public String name() {
        return settings.name();
    }

    public ClusterSettings settings() {
        return settings;
    }

    public boolean simulated() {
        return simulated;
    }

    /**
     * Looks for the VMs and services on DRBD on every node, off the UI thread; the result, or why the nodes could not
     * be searched, comes back on the UI thread.
     */
    public void discoverWorkloads(UiTasks tasks, Consumer<Workloads.Found> found, Consumer<String> failed) {
        tasks.background(() -> Workloads.discover(monitor), found,
                e -> failed.accept("The nodes could not be searched: " + e.getMessage()));
    }

    public ClusterMonitor monitor() {
        return monitor;
    }

    /** Above this many resources the drift is not read in the background (drbd-pilot status --config reads it). */
    static final int DRIFT_LIMIT = 100;

    /**
     * Resource → where its configuration disagrees (files between nodes, a kernel and its file, a node that could not
     * be read), in words; resources in agreement are absent. Read by {@link #watchDrift}.
     */
    public ReadOnlyObjectProperty<Map<String, String>> driftProperty() {
        return drift.getReadOnlyProperty();
    }

    /** Reads the drift once the cluster is live, then every {@code every} minutes, until the entry closes. */
    public void watchDrift(UiTasks tasks, long everyMinutes) {
        phase.addListener((o, was, is) -> {
            if (is == Phase.LIVE && was == Phase.CONNECTING) {
                ui.accept(() -> readDrift(tasks)); // after this update has set the snapshot too
            }
        });
        driftWatch = tasks.timer().scheduleWithFixedDelay(() -> ui.accept(() -> readDrift(tasks)), everyMinutes,
                everyMinutes, TimeUnit.MINUTES);
    }

    /** Reads every resource's drift now ({@code drbdadm dump} and {@code -d adjust} on its nodes), off the UI thread. */
    public void readDrift(UiTasks tasks) {
        ClusterSnapshot s = snapshot.get();
        if (s == null) {
            return;
        }
        Map<String, List<String>> holders = new LinkedHashMap<>();
        for (NodeView n : s.nodes()) {
            if (n.freshness() == NodeView.Freshness.LIVE) {
                n.resources().forEach(r -> holders.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(n.node()));
            }
        }
        if (holders.isEmpty() || holders.size() > DRIFT_LIMIT || !driftReading.compareAndSet(false, true)) {
            return;
        }
        try {
            readDriftOf(tasks, holders);
        } catch (RejectedExecutionException e) { // the window closed between the timer and now: nothing to read for
            driftReading.set(false);
        }
    }

    private void readDriftOf(UiTasks tasks, Map<String, List<String>> holders) {
        tasks.background(() -> {
            Probe probe = new Probe(new SshNodeAccess(monitor, Clock.systemUTC()));
            Map<String, String> out = new TreeMap<>();
            for (var h : holders.entrySet()) {
                String words = words(ConfigDrift.read(probe, h.getKey(), h.getValue()));
                if (words != null) {
                    out.put(h.getKey(), words);
                }
            }
            return Map.copyOf(out);
        }, d -> {
            driftReading.set(false);
            drift.set(d);
        }, e -> driftReading.set(false));
    }

    /** A drift in a few words, or null when files and kernels agree everywhere. */
    static String words(ConfigDrift d) {
        List<String> parts = new ArrayList<>();
        if (!d.filesDifferOn().isEmpty()) {
            parts.add("the files differ between " + d.reference() + " and " + String.join(", ", d.filesDifferOn()));
        }
        if (!d.kernelDiffersOn().isEmpty()) {
            parts.add("the kernel runs other settings than the files on " + String.join(", ", d.kernelDiffersOn()));
        }
        if (!d.unread().isEmpty()) {
            parts.add("not read on " + String.join(", ", d.unread().keySet()));
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    public ReadOnlyObjectProperty<ClusterSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ClusterMatrix> matrixProperty() {
        return matrix.getReadOnlyProperty();
    }

    /** Fraction of nodes whose first state has arrived (or that are known unreachable). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Where the reading stands, for code that acts on it. */
    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The same, in words for the navigator: "connecting 1/3", "live", "1 of 3 nodes unreachable". */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** The latest changes (up to 10,000), oldest first; grows on the UI thread. */
    public ObservableList<HistoryEvent> timeline() {
        return timeline;
    }

    /** How many updates reached the UI thread (for tests and the pulse bench). */
    int applied() {
        return applied;
    }

    @Override
    public void close() {
        ScheduledFuture<?> w = driftWatch;
        if (w != null) {
            w.cancel(false);
        }
        monitor.close();
    }

    /** Shares one gate between every cluster; the alerts reach {@code sink} on the UI thread. */
    static Consumer<ClusterMatrix> gated(AlertGate gate, Consumer<AlertGate.Alert> sink, Consumer<Runnable> ui) {
        return d -> {
            List<AlertGate.Alert> out;
            synchronized (gate) {
                out = gate.update(d, Instant.now());
            }
            out.forEach(a -> ui.accept(() -> sink.accept(a)));
        };
    }
}
