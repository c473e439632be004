// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

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
        for (SimResourceSpec r : resources) {
            if (version == SimVersion.V84 && (r.nodes().size() != 2 || !r.clients().isEmpty())) {
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

    /** Runs a read of the state under the lock, so what it sees is one consistent moment. */
    public synchronized <T> T read(java.util.function.Supplier<T> reader) {
        return reader.get();
    }

    public synchronized List<String> nodes() {
        return List.copyOf(nodes.keySet());
    }

    public synchronized List<SimResourceSpec> resources() {
        return List.copyOf(specs.values());
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

    /** Called with (resource, node) after every change of that replica, under the lock. */
    public synchronized void onChange(BiConsumer<String, String> listener) {
        changeListeners.add(listener);
    }

    public synchronized void removeOnChange(BiConsumer<String, String> listener) {
        changeListeners.remove(listener);
    }

    private final List<java.util.function.Consumer<String>> sessionDroppers = new ArrayList<>();

    /** The SSH server registers here to drop a node's sessions when a test asks for it. */
    public synchronized void onDropSessions(java.util.function.Consumer<String> dropper) {
        sessionDroppers.add(dropper);
    }

    /** Fault: every SSH session to the node is cut (the node itself keeps running). */
    public void dropSessions(String node) {
        List<java.util.function.Consumer<String>> ds;
        synchronized (this) {
            ds = List.copyOf(sessionDroppers);
        }
        ds.forEach(d -> d.accept(node));
    }

    /** Fault: every command on the node takes this much longer. */
    public synchronized void latency(String node, Duration latency) {
        nodes.get(node).latencyMs = latency.toMillis();
    }

    public synchronized Duration latency(String node) {
        return Duration.ofMillis(nodes.get(node).latencyMs);
    }

    // ------------------------------------------------------------------ role changes and I/O (the kernel's rules)

    /** {@code drbdadm primary [--force] RES} on a node. */
    public synchronized SimRefusal promote(String node, String res, boolean force) {
        Replica r = replica(res, node);
        if (r.role == Role.PRIMARY) {
            return null;
        }
        if (version == SimVersion.V9 && "majority".equals(r.spec.quorum()) && !hasQuorum(r)) {
            return SimRefusal.NO_QUORUM;
        }
        boolean peerPrimary = r.peers.values().stream().anyMatch(p -> p.connected && p.peerRole == Role.PRIMARY);
        if (peerPrimary && !r.allowTwoPrimaries) {
            return SimRefusal.TWO_PRIMARIES;
        }
        boolean localGood = allVolumes(r, v -> r.disk[v] == DiskState.UP_TO_DATE);
        boolean peerGood = r.peers.entrySet().stream().anyMatch(e -> e.getValue().connected
                && allVolumes(r, v -> replica(res, e.getKey()).disk[v] == DiskState.UP_TO_DATE));
        if (!localGood && !peerGood) {
            if (!force || r.isClient()) {
                return SimRefusal.NO_UP_TO_DATE_DISK;
            }
            for (int v = 0; v < r.disk.length; v++) {
                r.disk[v] = DiskState.UP_TO_DATE; // --force: this node's data is declared the good one
                for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
                    e.getValue().changedWhileApart[v] = true;
                    e.getValue().oosKiB[v] = r.spec.sizesKiB().get(v);
                }
            }
        }
        r.role = Role.PRIMARY;
        recompute(res);
        return null;
    }

    /** {@code drbdadm secondary RES}. Refused while the device is open (mounted, or held by a process). */
    public synchronized SimRefusal demote(String node, String res) {
        Replica r = replica(res, node);
        if (r.role != Role.PRIMARY) {
            return null;
        }
        if (nodes.get(node).isOpen(r.spec)) {
            return SimRefusal.DEVICE_IN_USE;
        }
        r.role = Role.SECONDARY;
        recompute(res);
        return null;
    }

    /** Writes KiB to a volume on a node: only a Primary may write. Returns false for a Secondary. */
    public synchronized boolean write(String node, String res, int volume, long kib) {
        Replica r = replica(res, node);
        if (r == null || r.role != Role.PRIMARY || !r.up) {
            return false;
        }
        r.dw += kib;
        r.al++;
        for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
            Replica.PeerLink p = e.getValue();
            if (p.connected) {
                r.ns += kib;
                Replica peer = replica(res, e.getKey());
                peer.nr += kib;
                peer.dw += kib;
                // DRBD 9 keeps a bitmap per peer: the receiver also marks the blocks for peers it cannot reach.
                for (Map.Entry<String, Replica.PeerLink> q : peer.peers.entrySet()) {
                    if (!q.getKey().equals(node) && !q.getValue().connected) {
                        q.getValue().changedWhileApart[volume] = true;
                        q.getValue().oosKiB[volume] = Math.min(r.spec.sizesKiB().get(volume),
                                q.getValue().oosKiB[volume] + kib);
                    }
                }
            } else {
                p.changedWhileApart[volume] = true;
                p.oosKiB[volume] = Math.min(r.spec.sizesKiB().get(volume), p.oosKiB[volume] + kib);
            }
        }
        recompute(res);
        return true;
    }

    // ------------------------------------------------------------------ network commands

    /** {@code drbdadm disconnect RES}: StandAlone here; the peers wait for it. */
    public synchronized SimRefusal disconnect(String node, String res) {
        Replica r = replica(res, node);
        if (!r.netConfigured || r.splitBrain) {
            return SimRefusal.ALREADY_STANDALONE;
        }
        r.netConfigured = false;
        recompute(res);
        return null;
    }

    /** {@code drbdadm connect [--discard-my-data] RES}. Only from StandAlone. */
    public synchronized SimRefusal connect(String node, String res, boolean discardMyData) {
        Replica r = replica(res, node);
        if (discardMyData && r.role == Role.PRIMARY) {
            return SimRefusal.DISCARD_WHILE_PRIMARY;
        }
        if (r.netConfigured && !r.splitBrain) {
            return SimRefusal.NEED_STANDALONE;
        }
        r.netConfigured = true;
        r.splitBrain = false;
        r.discardMyData = discardMyData;
        recompute(res);
        return null;
    }

    /** {@code drbdadm adjust RES}: back to the configuration (connected, dual-primary as configured). */
    public synchronized void adjust(String node, String res) {
        Replica r = replica(res, node);
        r.allowTwoPrimaries = r.spec.allowTwoPrimaries();
        if (!r.netConfigured && !r.splitBrain) {
            r.netConfigured = true;
        }
        recompute(res);
    }

    /** {@code drbdadm net-options --allow-two-primaries=yes|no RES}, runtime only. */
    public synchronized SimRefusal allowTwoPrimaries(String node, String res, boolean allow) {
        Replica r = replica(res, node);
        if (allow && r.spec.protocol() != 'C') {
            return SimRefusal.PROTOCOL_C_REQUIRED;
        }
        if (!allow && r.role == Role.PRIMARY
                && r.peers.values().stream().anyMatch(p -> p.connected && p.peerRole == Role.PRIMARY)) {
            return SimRefusal.NEED_ALLOW_TWO_PRI;
        }
        for (Replica x : replicasOf(res)) {
            if (x.node.equals(node) || r.peers.get(x.node).connected) {
                x.allowTwoPrimaries = allow; // net options are negotiated with the connected peers
            }
        }
        recompute(res);
        return null;
    }

    /** {@code drbdadm pause-sync|resume-sync RES}. */
    public synchronized void pauseSync(String node, String res, boolean pause) {
        Replica r = replica(res, node);
        for (Replica.PeerLink p : r.peers.values()) {
            java.util.Arrays.fill(p.paused, pause);
        }
        recompute(res);
    }

    /** {@code drbdadm invalidate RES}: throw local data away and resync it from a connected peer. */
    public synchronized SimRefusal invalidate(String node, String res) {
        Replica r = replica(res, node);
        if (r.role == Role.PRIMARY) {
            return SimRefusal.NO_UP_TO_DATE_DISK;
        }
        Map.Entry<String, Replica.PeerLink> source = r.peers.entrySet().stream()
                .filter(e -> e.getValue().connected).findFirst().orElse(null);
        if (source == null) {
            return SimRefusal.NEED_CONNECTION;
        }
        Replica.PeerLink fromPeer = replica(res, source.getKey()).peers.get(node);
        for (int v = 0; v < r.disk.length; v++) {
            r.disk[v] = DiskState.INCONSISTENT;
            fromPeer.oosKiB[v] = r.spec.sizesKiB().get(v);
            startSync(res, source.getKey(), node, v, fromPeer.oosKiB[v]);
        }
        recompute(res);
        return null;
    }

    /** {@code drbdadm verify RES}: needs verify-alg; runs as VerifyS/VerifyT until done. */
    public synchronized SimRefusal verify(String node, String res) {
        Replica r = replica(res, node);
        if (r.spec.verifyAlg() == null) {
            return SimRefusal.NO_VERIFY_ALG;
        }
        Map.Entry<String, Replica.PeerLink> peer = r.peers.entrySet().stream()
                .filter(e -> e.getValue().connected).findFirst().orElse(null);
        if (peer == null) {
            return SimRefusal.NEED_CONNECTION;
        }
        for (int v = 0; v < r.disk.length; v++) {
            if (peer.getValue().repl[v] != ReplicationState.ESTABLISHED) {
                return SimRefusal.RESYNC_RUNNING;
            }
        }
        Replica.PeerLink back = replica(res, peer.getKey()).peers.get(node);
        for (int v = 0; v < r.disk.length; v++) {
            long size = r.spec.sizesKiB().get(v);
            peer.getValue().repl[v] = ReplicationState.VERIFY_S;
            back.repl[v] = ReplicationState.VERIFY_T;
            peer.getValue().oosKiB[v] = 0;
            peer.getValue().syncTotalKiB[v] = size;
            back.syncTotalKiB[v] = size;
            peer.getValue().verifyLeft(v, size);
            back.verifyLeft(v, size);
        }
        notifyChange(res);
        return null;
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
        for (SimResourceSpec s : resourcesOf(node)) {
            recompute(s.name());
        }
    }

    /** A power cut: the node stops; a Primary among its replicas will need an activity-log resync. */
    public synchronized void crash(String node) {
        SimNode n = nodes.get(node);
        n.up = false;
        n.mounts.clear();
        n.openers.clear();
        writers.removeIf(w -> w.node().equals(node));
        for (SimResourceSpec s : resourcesOf(node)) {
            Replica r = replica(s.name(), node);
            if (r != null) {
                r.up = false;
                r.crashedPrimary = r.role == Role.PRIMARY;
                r.role = Role.SECONDARY;
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

    /** A systemd unit on a node, for the service steps of the wizards. */
    public synchronized void addService(String node, String unit, boolean active) {
        nodes.get(node).services.put(unit, active);
    }

    /** A libvirt domain whose disks are the given DRBD minors, defined (and maybe running) on a node. */
    public synchronized void addVm(String node, String name, List<Integer> minors, boolean running) {
        nodes.get(node).vms.put(name, new SimNode.Vm(minors, running));
        systemChanged(node);
    }

    public synchronized boolean isUp(String node) {
        return nodes.get(node).up;
    }

    /** A process that holds the device open (like a mounted filesystem, but without a mount). */
    public synchronized void holdOpen(String node, int minor, String command, int pid) {
        nodes.get(node).openers.computeIfAbsent(minor, k -> new ArrayList<>()).add(new SimNode.Opener(command, pid));
    }

    public synchronized void releaseOpen(String node, int minor) {
        nodes.get(node).openers.remove(minor);
    }

    /** A writer on the Primary that keeps writing at a rate while {@link #tick} runs. */
    public synchronized void startWriter(String node, String res, long kibPerSecond) {
        writers.add(new Writer(node, res, kibPerSecond));
    }

    public synchronized void stopWriters(String node, String res) {
        writers.removeIf(w -> w.node().equals(node) && w.resource().equals(res));
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
                    changed |= advance(res, src, e.getKey(), e.getValue(), secs);
                }
            }
            if (changed) {
                recompute(res);
            }
        }
    }

    private boolean advance(String res, Replica src, String peer, Replica.PeerLink p, double secs) {
        boolean changed = false;
        for (int v = 0; v < p.repl.length; v++) {
            ReplicationState rs = p.repl[v];
            boolean syncing = rs == ReplicationState.SYNC_SOURCE || rs == ReplicationState.VERIFY_S;
            if (!syncing || !p.connected) {
                continue;
            }
            Replica.PeerLink back = replica(res, peer).peers.get(src.node);
            if (p.stuck || p.paused[v] || back.paused[v]) {
                p.secondsWithoutProgress += secs;
                back.secondsWithoutProgress += secs;
                p.speedKiBps = 0;
                back.speedKiBps = 0;
                continue;
            }
            long step = Math.max(1, Math.round(src.spec.resyncRateKiBps() * secs));
            p.secondsWithoutProgress = 0;
            back.secondsWithoutProgress = 0;
            p.speedKiBps = src.spec.resyncRateKiBps();
            back.speedKiBps = src.spec.resyncRateKiBps();
            if (rs == ReplicationState.VERIFY_S) {
                long left = Math.max(0, p.verifyLeft(v) - step);
                p.verifyLeft(v, left);
                back.verifyLeft(v, left);
                if (left == 0) {
                    p.repl[v] = ReplicationState.ESTABLISHED;
                    back.repl[v] = ReplicationState.ESTABLISHED;
                }
            } else {
                p.oosKiB[v] = Math.max(0, p.oosKiB[v] - step);
                back.oosKiB[v] = p.oosKiB[v];
                src.ns += step;
                Replica dst = replica(res, peer);
                dst.nr += step;
                dst.dw += step;
                if (p.oosKiB[v] == 0) {
                    p.repl[v] = ReplicationState.ESTABLISHED;
                    back.repl[v] = ReplicationState.ESTABLISHED;
                    dst.disk[v] = DiskState.UP_TO_DATE;
                }
            }
            changed = true;
        }
        return changed;
    }

    // ------------------------------------------------------------------ connection state


    /** Brings every link of a resource in line with nodes, cables and configuration; runs handshakes. */
    private void recompute(String res) {
        Map<String, Replica> byNode = replicas.get(res);
        List<String> names = List.copyOf(byNode.keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                Replica a = byNode.get(names.get(i));
                Replica b = byNode.get(names.get(j));
                boolean linkUp = a.up && b.up && a.netConfigured && b.netConfigured && !a.splitBrain && !b.splitBrain
                        && !cutLinks.contains(link(a.node, b.node));
                Replica.PeerLink ab = a.peers.get(b.node);
                Replica.PeerLink ba = b.peers.get(a.node);
                if (linkUp && !ab.connected) {
                    Replication.handshake(this, res, a, b, ab, ba);
                } else if (!linkUp && ab.connected) {
                    lose(ab);
                    lose(ba);
                }
                if (ab.connected) {
                    ab.peerRole = b.role;
                    ba.peerRole = a.role;
                }
            }
        }
        notifyChange(res);
    }

    private static void lose(Replica.PeerLink p) {
        p.connected = false;
        p.peerRole = Role.UNKNOWN;
        java.util.Arrays.fill(p.repl, ReplicationState.OFF);
        p.speedKiBps = 0;
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

    /** Kernel log of a handshake that ended connected. */
    void connected(String res, Replica a, Replica b) {
        for (Replica r : new Replica[] {a, b}) {
            SimNode n = nodes.get(r.node);
            n.log("drbd " + res + ": Handshake successful: Agreed network protocol version "
                    + (version == SimVersion.V84 ? "101" : "122"));
            n.log("drbd " + res + ": conn( " + (version == SimVersion.V84 ? "WFReportParams" : "Connecting")
                    + " -> Connected )");
        }
    }

    /** Kernel log and helper call of an unresolved split brain; the replica drops the connection. */
    void splitBrain(String res, Replica r, int volume) {
        SimNode n = nodes.get(r.node);
        int minor = r.spec.minors().get(volume);
        String subject = version == SimVersion.V84 ? "block drbd" + minor : "drbd " + res + "/" + volume + " drbd"
                + minor;
        n.log(subject + ": helper command: /sbin/drbdadm initial-split-brain minor-" + minor);
        n.log(subject + ": Split-Brain detected but unresolved, dropping connection!");
        n.log(subject + ": helper command: /sbin/drbdadm split-brain minor-" + minor);
        n.log("drbd " + res + ": conn( Disconnecting -> StandAlone )");
        n.helperCalls.add(new String[] {res, Integer.toString(volume), "split-brain"});
    }

    /** DRBD 9 majority quorum: this node and the peers it is connected to are more than half. */
    boolean hasQuorum(Replica r) {
        if (!"majority".equals(r.spec.quorum())) {
            return true;
        }
        long seen = 1 + r.peers.values().stream().filter(p -> p.connected).count();
        return seen * 2 > r.spec.nodes().size();
    }

    private void notifyChange(String res) {
        for (String n : replicas.get(res).keySet()) {
            for (BiConsumer<String, String> l : changeListeners) {
                l.accept(res, n);
            }
        }
    }

    private static boolean allVolumes(Replica r, java.util.function.IntPredicate p) {
        for (int v = 0; v < r.disk.length; v++) {
            if (!p.test(v)) {
                return false;
            }
        }
        return true;
    }
}
