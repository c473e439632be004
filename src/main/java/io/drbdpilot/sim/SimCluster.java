// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * A simulated DRBD cluster: nodes, resources, links, and the kernel's rules for role changes, replication, resync,
 * split brain, crashes and (DRBD 9) quorum. Thread-safe: every method runs under the cluster's lock, so the state is
 * always consistent and changes are reported in order. Time moves only through {@link #tick(Duration)}, so tests are
 * deterministic; {@code drbd-pilot sim} ticks it in real time.
 */
public final class SimCluster {

    /** The crashed-Primary activity-log resync, as seen in the lab: the whole device on the in-kernel 8.4.11. */
    static final double STALL_SECONDS = 180;

    private final SimVersion version;
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private final Map<String, SimResourceSpec> specs = new LinkedHashMap<>();
    /** resource → node → replica */
    private final Map<String, Map<String, Replica>> replicas = new LinkedHashMap<>();
    private final Set<String> cutLinks = new HashSet<>();
    /** node → its resources, so a node's commands and faults never scan the whole cluster */
    private final Map<String, List<SimResourceSpec>> byNode = new LinkedHashMap<>();
    private final List<BiConsumer<String, String>> changeListeners = new ArrayList<>();
    private final List<Writer> writers = new ArrayList<>();

    private record Writer(String node, String resource, long kibPerSecond) {
    }

    public SimCluster(SimVersion version, List<String> nodeNames, List<SimResourceSpec> resources) {
        this.version = version;
        for (String n : nodeNames) {
            nodes.put(n, new SimNode(n));
        }
        List<String> order = List.copyOf(nodeNames); // one list for all, which SimResourceSpec.nodeId indexes once
        for (SimResourceSpec spec : resources) {
            SimResourceSpec r = spec.withIds(order);
            if (version.is84() && (r.nodes().size() != 2 || !r.clients().isEmpty())) {
                throw new IllegalArgumentException("DRBD 8.4 resources have exactly two diskful nodes: " + r.name());
            }
            specs.put(r.name(), r);
            Map<String, Replica> reps = new LinkedHashMap<>();
            for (String n : r.nodes()) {
                if (!nodes.containsKey(n)) {
                    throw new IllegalArgumentException("resource " + r.name() + " names unknown node " + n);
                }
                reps.put(n, new Replica(r, n));
                byNode.computeIfAbsent(n, k -> new ArrayList<>()).add(r);
            }
            replicas.put(r.name(), reps);
            recompute(r.name());
        }
    }

    public SimVersion version() {
        return version;
    }

    /** Each resource's dump-xml text by its spec (the same instance: a spec is replaced when edited), under the lock. */
    final Map<SimResourceSpec, String> xmlTexts = new IdentityHashMap<>();

    /** Each node's dump-xml holds only its own resources, as LINSTOR deploys them (default: all, as in the lab). */
    volatile boolean membersOnlyConfig;

    public SimCluster membersOnlyConfig(boolean on) {
        membersOnlyConfig = on;
        return this;
    }

    /** Runs a read of the state under the lock, so what it sees is one consistent moment. */
    public synchronized <T> T read(Supplier<T> reader) {
        return reader.get();
    }

    public synchronized List<String> nodes() {
        return List.copyOf(nodes.keySet());
    }

    public synchronized List<SimResourceSpec> resources() {
        return List.copyOf(specs.values());
    }

    synchronized int resourceCount() {
        return specs.size();
    }

    /** Resources configured on a node, in order. */
    public synchronized List<SimResourceSpec> resourcesOf(String node) {
        return byNode.getOrDefault(node, List.of());
    }

    synchronized SimNode node(String name) {
        return nodes.get(name);
    }

    synchronized Replica replica(String resource, String node) {
        Map<String, Replica> m = replicas.get(resource);
        return m == null ? null : m.get(node);
    }

    synchronized Collection<Replica> replicasOf(String resource) {
        return replicas.get(resource).values();
    }

    /**
     * For benches: told (node, lines) after each burst of events2 changes that a node's stream has written and flushed,
     * on that stream's thread: the moment the node's "kernel" reported them, which is where event-to-snapshot latency
     * starts (the simulator's own work and pauses before that are not the monitor's). One watcher; null removes it.
     */
    public void onEmitted(BiConsumer<String, List<String>> watcher) {
        emissions = watcher;
    }

    BiConsumer<String, List<String>> emissions() {
        return emissions;
    }

    /** Called with (resource, node) after every change of that replica, under the lock. */
    public synchronized void onChange(BiConsumer<String, String> listener) {
        changeListeners.add(listener);
    }

    public synchronized void removeOnChange(BiConsumer<String, String> listener) {
        changeListeners.remove(listener);
    }

    private volatile BiConsumer<String, List<String>> emissions;

    /** The SSH servers' hooks that cut a node's sessions ({@link SimHosts#dropSessions}). */
    final List<Consumer<String>> sessionDroppers = new ArrayList<>();
    long migrationMillis; // real time a live migration takes over SSH (the demo); 0 moves at once

    // ------------------------------------------------------------------ role changes and I/O (the kernel's rules)

    /** {@code drbdadm primary [--force] RES} on a node. */
    public synchronized SimRefusal promote(String node, String res, boolean force) {
        return SimRoles.promote(this, node, res, force);
    }

    /** {@code drbdadm secondary RES}. Refused while the device is open (mounted, or held by a process). */
    public synchronized SimRefusal demote(String node, String res) {
        return demote(node, res, false);
    }

    /**
     * {@code drbdadm secondary [--force] RES}. Refused while the device is open, unless forced (DRBD 9.1.7+): then
     * the users' I/O fails from now on ({@code force-io-failures:yes}).
     */
    public synchronized SimRefusal demote(String node, String res, boolean force) {
        return SimRoles.demote(this, node, res, force);
    }

    /** Writes KiB to a volume on a node: only a Primary may write. Returns false for a Secondary. */
    public synchronized boolean write(String node, String res, int volume, long kib) {
        return SimRoles.write(this, node, res, volume, kib);
    }

    // ------------------------------------------------------------------ faults

    private static String link(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /** Unplugs the replication link between two nodes (frames dropped; both sides notice). */
    public synchronized void cut(String a, String b) {
        cutLinks.add(link(a, b));
        recomputeShared(a, b);
    }

    public synchronized void heal(String a, String b) {
        cutLinks.remove(link(a, b));
        recomputeShared(a, b);
    }

    private void recomputeShared(String a, String b) {
        for (SimResourceSpec s : resourcesOf(a)) {
            if (s.nodes().contains(b)) {
                recompute(s.name());
            }
        }
    }

    private void recomputeNode(String node) {
        resourcesOf(node).forEach(s -> recompute(s.name()));
    }

    /** A power cut: the node and its SSH sessions stop; a Primary among its replicas will need an AL resync. */
    public void crash(String node) {
        crashState(node);
        hosts().dropSessions(node); // outside the lock: the SSH server's threads may be waiting for it
    }

    private synchronized void crashState(String node) {
        SimNode n = nodes.get(node);
        n.up = false;
        n.processesDie();
        writers.removeIf(w -> w.node().equals(node));
        for (SimResourceSpec s : resourcesOf(node)) {
            Replica r = replica(s.name(), node);
            if (r != null) {
                r.up = false;
                r.crashedPrimary = r.role == Role.PRIMARY;
                r.role = Role.SECONDARY;
                r.allowTwoPrimaries = r.spec.allowTwoPrimaries(); // runtime options die with the node
                r.rateKiBps = null;
            }
        }
        recomputeNode(node);
    }

    /** Boots a crashed node: its resources come back Secondary and connect (like the lab's boot script). */
    public synchronized void restart(String node) {
        nodes.get(node).up = true;
        for (SimResourceSpec s : resourcesOf(node)) {
            Replica r = replica(s.name(), node);
            if (r != null) {
                r.up = true;
                r.netConfigured = true;
            }
        }
        recomputeNode(node);
    }

    /** A change on a node that DRBD's events report (a device opened or closed): tell the streams. */
    synchronized void systemChanged(String node) {
        for (SimResourceSpec s : resourcesOf(node)) {
            notifyChange(s.name());
        }
    }

    /** The hosts' own state around DRBD: services, VMs, processes holding devices open. */
    public SimHosts hosts() {
        return new SimHosts(this);
    }

    public synchronized boolean isUp(String node) {
        return nodes.get(node).up;
    }

    /** A writer on the Primary that keeps writing at a rate while {@link #tick} runs. */
    public synchronized void startWriter(String node, String res, long kibPerSecond) {
        writers.add(new Writer(node, res, kibPerSecond));
    }

    public synchronized void stopWriters(String node, String res) {
        writers.removeIf(w -> w.node().equals(node) && w.resource().equals(res));
    }

    private final List<String> dataLoss = new ArrayList<>();

    /** Something destroyed the last good copy of a volume (create-md, wipefs, invalidate): a safety violation. */
    synchronized void lost(String what) {
        dataLoss.add(what);
    }

    /** Every destruction of a last good copy so far, in words; the fault campaign asserts it stays empty. */
    public synchronized List<String> dataLoss() {
        return List.copyOf(dataLoss);
    }

    /** The backing disk of {@code res} on {@code node} fails (I/O error): DRBD detaches it, its data is gone. */
    public void failDisk(String node, String res) {
        new SimDisks(this, node).fail(res);
    }

    /** The operator swaps that node's failed disk for a blank one. */
    public void swapDisk(String node, String res) {
        new SimDisks(this, node).swap(res);
    }

    /** The resource as the node's file says it (an admin's edit there, else the cluster's configuration). */
    synchronized SimResourceSpec fileSpec(String node, String res) {
        SimResourceSpec f = node(node).resFiles.get(res);
        return f != null ? f : replica(res, node).spec;
    }

    /**
     * An admin edits the resource's file on one node (its options: protocol, allow-two-primaries, resync-rate,
     * verify-alg). The kernel goes on running what it runs until {@code drbdadm adjust RES} there.
     */
    public synchronized void editFile(String node, String res, java.util.function.UnaryOperator<SimResourceSpec> edit) {
        node(node).resFiles.put(res, edit.apply(fileSpec(node, res)));
    }

    /** The operator grows a volume's backing device on a node (lvextend); DRBD sees it at the next resize. */
    public synchronized void growBacking(String node, String res, int volume, long bytes) {
        SimResize.grow(this, node, res, volume, bytes);
    }

    /** After {@code drbdadm resize}: every node runs (and its file describes) the new sizes. */
    synchronized void resized(String res, List<Long> sizesKiB) {
        specs.put(res, specs.get(res).withSizes(sizesKiB));
        for (Replica r : replicasOf(res)) {
            r.spec = r.spec.withSizes(sizesKiB);
            node(r.node).resFiles.computeIfPresent(res, (k, f) -> f.withSizes(sizesKiB));
        }
        recompute(res);
    }

    /** The resources a node's kernel has up (not those taken down with {@code drbdadm down}). */
    synchronized List<SimResourceSpec> configuredOf(String node) {
        return resourcesOf(node).stream().filter(s -> replica(s.name(), node).configured).toList();
    }

    /** A resync that makes no progress until released. */
    public synchronized void stuckResync(String res, boolean stuck) {
        for (Replica r : replicasOf(res)) {
            r.peers.values().forEach(p -> p.stuck = stuck);
        }
        notifyChange(res);
    }

    // ------------------------------------------------------------------ time

    /** Moves simulated time: resyncs and verifies advance at their rate, writers write. */
    public synchronized void tick(Duration dt) {
        double secs = dt.toNanos() / 1e9;
        nodes.values().forEach(n -> n.uptimeSeconds += secs);
        for (Writer w : List.copyOf(writers)) {
            write(w.node(), w.resource(), 0, Math.max(1, Math.round(w.kibPerSecond() * secs)));
        }
        for (String res : specs.keySet()) {
            boolean changed = false;
            for (Replica src : replicasOf(res)) {
                for (Map.Entry<String, Replica.PeerLink> e : src.peers.entrySet()) {
                    changed |= Replication.advance(this, res, src, e.getKey(), e.getValue(), secs);
                }
            }
            if (changed) {
                recompute(res);
            }
        }
    }

    // ------------------------------------------------------------------ connection state

    /** Brings every link of a resource in line with nodes, cables and configuration; runs handshakes. */
    void recompute(String res) {
        Replication.recompute(this, res, replicas.get(res), (a, b) -> cutLinks.contains(link(a, b)));
        notifyChange(res);
    }

    void startSync(String res, String source, String target, int volume, long kib) {
        Replica.PeerLink sp = replica(res, source).peers.get(target);
        Replica.PeerLink tp = replica(res, target).peers.get(source);
        sp.repl[volume] = ReplicationState.SYNC_SOURCE;
        tp.repl[volume] = ReplicationState.SYNC_TARGET;
        sp.oosKiB[volume] = kib;
        tp.oosKiB[volume] = kib;
        sp.syncTotalKiB[volume] = kib;
        tp.syncTotalKiB[volume] = kib;
        sp.secondsWithoutProgress = 0;
        tp.secondsWithoutProgress = 0;
        replica(res, target).disk[volume] = DiskState.INCONSISTENT;
    }

    void notifyChange(String res) {
        for (String n : replicas.get(res).keySet()) {
            for (BiConsumer<String, String> l : changeListeners) {
                l.accept(res, n);
            }
        }
    }

    static boolean allVolumes(Replica r, IntPredicate p) {
        for (int v = 0; v < r.disk.length; v++) {
            if (!p.test(v)) {
                return false;
            }
        }
        return true;
    }
}
