// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A live {@code drbdsetup events2} of one simulated node: the initial dump ending in {@code exists -}, then
 * {@code create}/{@code change}/{@code destroy} lines carrying only what changed, and {@code call helper} lines,
 * exactly as drbdsetup streams them. Lines are produced on the stream's own thread, never under the cluster's lock
 * for longer than one snapshot.
 */
public final class SimEvents2 implements AutoCloseable {

    /** Counters: DRBD 9 sends no event when only these change; {@code --poll}'s {@code n} reports them. */
    private static final Set<String> COUNTERS = Set.of("read", "written", "al-writes",
            "bm-writes", "upper-pending", "lower-pending", "received", "sent", "out-of-sync", "pending", "unacked",
            "done");

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private final SimCluster cluster;
    private final String node;
    private final boolean statistics;
    private final boolean timestamps;
    private final Consumer<String> sink;
    private final Runnable burstEnd;
    private final ExecutorService worker;
    private final Map<String, Map<String, String>> last = new HashMap<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Resources changed since the last diff; only they are re-read (a node may have thousands). */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private volatile boolean full;
    private final BiConsumer<String, String> listener;
    private int helpersSeen;

    public SimEvents2(SimCluster cluster, String node, boolean statistics, boolean timestamps, Consumer<String> sink) {
        this(cluster, node, statistics, timestamps, sink, () -> { });
    }

    /**
     * @param burstEnd called after each burst of lines (the initial dump, one round of changes): a server flushes
     *                 there, as sshd sends what a busy drbdsetup wrote to its pipe in large packets, not line by line
     */
    public SimEvents2(SimCluster cluster, String node, boolean statistics, boolean timestamps, Consumer<String> sink,
            Runnable burstEnd) {
        this.burstEnd = burstEnd;
        this.cluster = cluster;
        this.node = node;
        this.statistics = statistics;
        this.timestamps = timestamps;
        this.sink = sink;
        this.worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sim-events2-" + node).daemon().factory());
        this.listener = (res, n) -> {
            if (n.equals(node)) {
                dirty.add(res);
                if (pending.compareAndSet(false, true)) {
                    worker.execute(this::emitChanges); // bursts of changes cost one diff
                }
            }
        };
    }

    /** Prints the initial dump, then follows changes. */
    public void start() {
        worker.execute(() -> {
            List<SimFormats.Obj> objs = cluster.read(() -> {
                helpersSeen = cluster.node(node).helperCalls.size();
                cluster.onChange(listener);
                return SimFormats.events2Objects(cluster, node, statistics);
            });
            String ts = stamp();
            for (SimFormats.Obj o : objs) {
                last.put(o.type() + " " + o.id(), o.fields());
                sink.accept(ts + SimFormats.line("exists", o, o.fields()));
            }
            sink.accept(ts + "exists -");
            burstEnd.run();
        });
    }

    /** {@code --poll}'s {@code n}: report what changed (statistics included). */
    public void poll() {
        full = true;
        try {
            worker.execute(this::emitChanges);
        } catch (RejectedExecutionException e) {
            // the stream was closed meanwhile: drbdsetup would have exited, and an 'n' to it goes nowhere
        }
    }

    private void emitChanges() {
        BiConsumer<String, List<String>> watcher = cluster.emissions();
        List<String> sent = watcher == null ? null : new ArrayList<>();
        Consumer<String> sink = sent == null ? this.sink : line -> {
            this.sink.accept(line);
            sent.add(line);
        };
        pending.set(false);
        boolean all = full;
        full = false;
        Set<String> changed = new HashSet<>(dirty);
        dirty.removeAll(changed);
        List<String[]> helpers = new ArrayList<>();
        List<SimFormats.Obj> objs = cluster.read(() -> {
            List<String[]> calls = cluster.node(node).helperCalls;
            for (int i = helpersSeen; i < calls.size(); i++) {
                helpers.add(calls.get(i));
            }
            helpersSeen = calls.size();
            List<SimResourceSpec> which = all ? cluster.configuredOf(node)
                    : cluster.configuredOf(node).stream().filter(s -> changed.contains(s.name())).toList();
            return SimFormats.events2Objects(cluster, node, statistics, which);
        });
        Set<String> scope = new HashSet<>();
        for (SimFormats.Obj o : objs) {
            scope.add(o.id().split(" ")[0]); // name:RES
        }
        String ts = stamp();
        Map<String, SimFormats.Obj> now = new LinkedHashMap<>();
        boolean v9 = cluster.version() == SimVersion.V9;
        objs.forEach(o -> now.put(o.type() + " " + o.id(), o));
        for (Map.Entry<String, SimFormats.Obj> e : now.entrySet()) {
            Map<String, String> before = last.get(e.getKey());
            SimFormats.Obj o = e.getValue();
            if (before == null) {
                sink.accept(ts + SimFormats.line("create", o, o.fields()));
            } else {
                Map<String, String> diff = new LinkedHashMap<>();
                o.fields().forEach((k, v) -> {
                    if (!v.equals(before.get(k))) {
                        diff.put(k, v);
                    }
                });
                if (!all && v9 && COUNTERS.containsAll(diff.keySet())) {
                    continue; // counters alone: no event until the next poll (and last keeps the old values)
                }
                if (!diff.isEmpty()) {
                    sink.accept(ts + SimFormats.line("change", o, diff));
                }
            }
            last.put(e.getKey(), o.fields());
        }
        for (String gone : List.copyOf(last.keySet())) {
            String resKey = gone.split(" ")[1];
            boolean inScope = all || scope.contains(resKey) || changed.contains(resKey.substring(5));
            if (inScope && !now.containsKey(gone)) {
                last.remove(gone);
                sink.accept(ts + "destroy " + gone);
            }
        }
        for (String[] h : helpers) {
            String id = "name:" + h[0] + " peer-node-id:0 conn-name:peer volume:" + h[1];
            sink.accept(ts + "call helper " + id + " helper:" + h[2]);
            sink.accept(ts + "response helper " + id + " helper:" + h[2] + " status:0");
        }
        burstEnd.run();
        if (sent != null && !sent.isEmpty()) {
            watcher.accept(node, sent);
        }
    }

    private String stamp() {
        return timestamps ? TS.format(OffsetDateTime.now(ZoneOffset.UTC)) + " " : "";
    }

    @Override
    public void close() {
        cluster.removeOnChange(listener);
        worker.shutdownNow();
    }
}
