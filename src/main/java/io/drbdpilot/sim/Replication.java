// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * What happens when two replicas meet (the sync handshake, reduced to the generation rules an operator sees):
 * <ul>
 *   <li>both changed the data while apart → split brain: both go StandAlone (unless one connected with
 *       {@code --discard-my-data}, which makes it the sync target);</li>
 *   <li>a Primary that crashed resyncs; in the lab's 8.4.11 its activity log covers the whole device;</li>
 *   <li>one side changed → it becomes SyncSource for the blocks it wrote;</li>
 *   <li>one side UpToDate, the other not → full resync from the UpToDate side;</li>
 *   <li>otherwise → Established.</li>
 * </ul>
 */
final class Replication {

    private Replication() {
    }

    /**
     * Every pair of a resource's replicas after a change: a link that is up and not connected shakes hands, one that
     * went down is lost (on 8.4 a Primary that loses its peer starts a new data generation at once), and the peers'
     * roles follow. {@code cut} says whether the network between two nodes is cut.
     */
    static void recompute(SimCluster c, String res, Map<String, Replica> byNode, BiPredicate<String, String> cut) {
        List<String> names = List.copyOf(byNode.keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                Replica a = byNode.get(names.get(i));
                Replica b = byNode.get(names.get(j));
                boolean linkUp = a.up && b.up && a.configured && b.configured && a.netConfigured && b.netConfigured
                        && !a.splitBrain && !b.splitBrain
                        && !cut.test(a.node, b.node);
                Replica.PeerLink ab = a.peers.get(b.node);
                Replica.PeerLink ba = b.peers.get(a.node);
                if (ab == null || ba == null) { // a peer one kernel does not know yet (a new peer before its adjust)
                    if (ab != null && ab.connected) {
                        lose(ab);
                    }
                    if (ba != null && ba.connected) {
                        lose(ba);
                    }
                    continue;
                }
                if (linkUp && !ab.connected) {
                    handshake(c, res, a, b, ab, ba);
                } else if (!linkUp && ab.connected) {
                    lose(ab);
                    lose(ba);
                    if (c.version().is84()) { // 8.4's after_state_ch: a Primary that loses its peer's disk starts a new
                        // data generation at once, written to or not; two Primaries apart then meet in split brain
                        for (Replica x : new Replica[] {a, b}) {
                            if (x.up && x.role == Role.PRIMARY && SimCluster.allVolumes(x, v -> x.disk[v] == DiskState.UP_TO_DATE)) {
                                x.newGenerationApart();
                            }
                        }
                    }
                }
                if (ab.connected) {
                    ab.peerRole = b.role;
                    ba.peerRole = a.role;
                }
            }
        }
    }

    /** A connection that went down: nothing replicates on it until the next handshake. */
    static void lose(Replica.PeerLink p) {
        p.connected = false;
        p.peerRole = Role.UNKNOWN;
        Arrays.fill(p.repl, ReplicationState.OFF);
        p.speedKiBps = 0;
    }

    static void handshake(SimCluster c, String res, Replica a, Replica b, Replica.PeerLink ab, Replica.PeerLink ba) {
        String va = a.verifyAlg == null ? "" : a.verifyAlg;
        String vb = b.verifyAlg == null ? "" : b.verifyAlg;
        if (!va.equals(vb)) { // the lab's 8.4.11: both sides end StandAlone
            for (Replica[] x : new Replica[][] {{a, b}, {b, a}}) {
                String me = x[0] == a ? va : vb;
                String peer = x[0] == a ? vb : va;
                int minor = x[0].spec.minors().get(0);
                c.node(x[0].node).log((c.version().is84() ? "block drbd" + minor : "drbd " + res + "/0 drbd" + minor)
                        + ": Different verify-alg settings. me=\"" + me + "\" peer=\"" + peer + "\"");
                c.node(x[0].node).log("drbd " + res + ": conn( Disconnecting -> StandAlone )");
                x[0].netConfigured = false;
            }
            return;
        }
        for (int v = 0; v < a.disk.length && !a.isClient() && !b.isClient(); v++) { // a diskless peer has no data
            // to split from
            boolean aChanged = ab.changedWhileApart[v] && !a.discardMyData;
            boolean bChanged = ba.changedWhileApart[v] && !b.discardMyData;
            if (ab.changedWhileApart[v] && ba.changedWhileApart[v]) {
                handshakeLog(c, res, a, b, ab, ba, v, aChanged && bChanged ? "100 by rule 90"
                        : (a.discardMyData ? "-100" : "100") + " by rule 100");
            }
            if (aChanged && bChanged) {
                splitBrain(c, res, a, b, v);
                return;
            }
        }
        ab.connected = true;
        ba.connected = true;
        ab.peerRole = b.role;
        ba.peerRole = a.role;
        for (int v = 0; v < a.disk.length; v++) {
            long size = a.spec.sizesKiB().get(v);
            if (a.isClient() || b.isClient() || a.disk[v] == DiskState.DISKLESS || b.disk[v] == DiskState.DISKLESS) {
                ab.repl[v] = ReplicationState.ESTABLISHED;
                ba.repl[v] = ReplicationState.ESTABLISHED;
            } else if (a.crashedPrimary || b.crashedPrimary) {
                Replica crashed = a.crashedPrimary ? a : b;
                Replica other = crashed == a ? b : a;
                boolean otherChanged = (crashed == a ? ba : ab).changedWhileApart[v];
                if (otherChanged) {
                    c.startSync(res, other.node, crashed.node, v, size);
                } else {
                    c.startSync(res, crashed.node, other.node, v, size);
                }
            } else if (ab.changedWhileApart[v] && !a.discardMyData || b.discardMyData) {
                c.startSync(res, a.node, b.node, v, Math.max(ab.oosKiB[v], ba.oosKiB[v]));
                b.adoptGeneration(a, v);
            } else if (ba.changedWhileApart[v] || a.discardMyData) {
                c.startSync(res, b.node, a.node, v, Math.max(ab.oosKiB[v], ba.oosKiB[v]));
                a.adoptGeneration(b, v);
            } else if (a.disk[v] == DiskState.UP_TO_DATE && (b.disk[v].isBelowUpToDate() || b.freshMd[v])) {
                b.freshMd[v] = false;
                c.startSync(res, a.node, b.node, v, size);
            } else if (b.disk[v] == DiskState.UP_TO_DATE && (a.disk[v].isBelowUpToDate() || a.freshMd[v])) {
                a.freshMd[v] = false;
                c.startSync(res, b.node, a.node, v, size);
            } else {
                ab.repl[v] = ReplicationState.ESTABLISHED;
                ba.repl[v] = ReplicationState.ESTABLISHED;
            }
            ab.changedWhileApart[v] = false;
            ba.changedWhileApart[v] = false;
        }
        a.crashedPrimary = false;
        b.crashedPrimary = false;
        a.discardMyData = false;
        b.discardMyData = false;
        connected(c, res, a, b);
    }

    private static void splitBrain(SimCluster c, String res, Replica a, Replica b, int volume) {
        for (Replica r : new Replica[] {a, b}) {
            r.splitBrain = true;
            splitBrain(c, res, r, volume);
        }
    }

    /** Moves one resync or verify forward by {@code secs} at the resource's rate; true when something changed. */
    static boolean advance(SimCluster c, String res, Replica src, String peer, Replica.PeerLink p, double secs) {
        boolean changed = false;
        for (int v = 0; v < p.repl.length; v++) {
            ReplicationState rs = p.repl[v];
            boolean syncing = rs == ReplicationState.SYNC_SOURCE || rs == ReplicationState.VERIFY_S;
            if (!syncing || !p.connected) {
                continue;
            }
            Replica.PeerLink back = c.replica(res, peer).peers.get(src.node);
            if (p.stuck || Replica.paused(p, v) || Replica.paused(back, v)) {
                p.secondsWithoutProgress += secs;
                back.secondsWithoutProgress += secs;
                p.speedKiBps = 0;
                back.speedKiBps = 0;
                continue;
            }
            // the SyncTarget asks for the data, so its rate governs a resync; the VerifyS's a verify
            long rate = rs == ReplicationState.VERIFY_S ? src.rate() : c.replica(res, peer).rate();
            long step = Math.max(1, Math.round(rate * secs));
            p.secondsWithoutProgress = 0;
            back.secondsWithoutProgress = 0;
            p.speedKiBps = rate;
            back.speedKiBps = rate;
            if (rs == ReplicationState.VERIFY_S) {
                long left = Math.max(0, p.verifyLeft(v) - step);
                p.verifyLeft(v, left);
                back.verifyLeft(v, left);
                if (left == 0) {
                    p.repl[v] = ReplicationState.ESTABLISHED;
                    back.repl[v] = ReplicationState.ESTABLISHED;
                    verifyDone(c, res, src, c.replica(res, peer), p, back, v);
                }
            } else {
                p.oosKiB[v] = Math.max(0, p.oosKiB[v] - step);
                back.oosKiB[v] = p.oosKiB[v];
                src.ns += step;
                Replica dst = c.replica(res, peer);
                dst.nr += step;
                dst.dw += step;
                if (p.oosKiB[v] == 0) {
                    p.repl[v] = ReplicationState.ESTABLISHED;
                    back.repl[v] = ReplicationState.ESTABLISHED;
                    dst.differs.get(v).clear(); // the target holds the source's data now
                    src.differs.get(v).clear();
                    dst.disk[v] = DiskState.UP_TO_DATE;
                }
            }
            changed = true;
        }
        return changed;
    }

    /** The sync handshake's lines, as 8.4 logs them: each side's UUIDs and bitmap bits, and the verdict. */
    private static void handshakeLog(SimCluster c, String res, Replica a, Replica b, Replica.PeerLink ab,
            Replica.PeerLink ba, int v, String verdict) {
        for (Replica[] x : new Replica[][] {{a, b}, {b, a}}) {
            Replica.PeerLink self = x[0] == a ? ab : ba;
            Replica.PeerLink peer = x[0] == a ? ba : ab;
            int minor = x[0].spec.minors().get(v);
            String subject = c.version().is84() ? "block drbd" + minor : "drbd " + res + "/" + v + " drbd" + minor
                    + " " + x[1].node;
            SimNode n = c.node(x[0].node);
            n.log(subject + ": drbd_sync_handshake:");
            n.log(subject + ": self " + uuids(x[0], v) + " bits:" + self.oosKiB[v] / 4 + " flags:0");
            n.log(subject + ": peer " + uuids(x[1], v) + " bits:" + peer.oosKiB[v] / 4 + " flags:0");
            n.log(subject + ": uuid_compare()=" + verdict);
            if (!verdict.contains("rule 90")) {
                n.log(subject + ": Split-Brain detected, manually solved. Sync from " + (x[0].discardMyData ? "peer"
                        : "this") + " node");
            }
        }
    }

    private static String uuids(Replica r, int v) {
        String gi = r.gi(v, false);
        return String.join(":", Arrays.copyOf(gi.split(":"), 4));
    }

    /**
     * The end of an online verify, as 8.4 logs it on both nodes: each range whose data differs ("Out of sync:
     * start=S, size=N (sectors)"), the count in 4 KiB blocks and the time; the blocks found stay marked out of sync.
     */
    private static void verifyDone(SimCluster c, String res, Replica a, Replica b, Replica.PeerLink ab,
            Replica.PeerLink ba, int v) {
        TreeMap<Long, Long> ranges = new TreeMap<>();
        for (Replica r : new Replica[] {a, b}) {
            r.differs.get(v).forEach(x -> ranges.merge(x[0], x[1], Math::max));
        }
        long kib = ranges.values().stream().mapToLong(Long::longValue).sum();
        ab.oosKiB[v] = kib;
        ba.oosKiB[v] = kib;
        long secs = Math.max(1, a.spec.sizesKiB().get(v) / Math.max(1, a.spec.resyncRateKiBps()));
        for (Replica r : new Replica[] {a, b}) {
            int minor = r.spec.minors().get(v);
            String subject = c.version().is84() ? "block drbd" + minor : "drbd " + res + "/" + v + " drbd" + minor;
            SimNode n = c.node(r.node);
            ranges.forEach((start, size) -> n.log(subject + ": Out of sync: start=" + start * 2 + ", size=" + size * 2
                    + " (sectors)"));
            n.log(subject + ": Online verify done (total " + secs + " sec; paused 0 sec; " + a.spec.resyncRateKiBps()
                    + " K/sec)");
            if (kib > 0) {
                n.log(subject + ": Online verify found " + kib / 4 + " 4k block out of sync!");
            }
        }
    }

    /** Kernel log of a handshake that ended connected. */
    static void connected(SimCluster c, String res, Replica a, Replica b) {
        for (Replica r : new Replica[] {a, b}) {
            SimNode n = c.node(r.node);
            n.log("drbd " + res + ": Handshake successful: Agreed network protocol version "
                    + (c.version().is84() ? "101" : "122"));
            n.log("drbd " + res + ": conn( " + (c.version().is84() ? "WFReportParams" : "Connecting")
                    + " -> Connected )");
        }
    }

    /** Kernel log and helper call of an unresolved split brain; the replica drops the connection. */
    static void splitBrain(SimCluster c, String res, Replica r, int volume) {
        SimNode n = c.node(r.node);
        int minor = r.spec.minors().get(volume);
        String subject = c.version().is84() ? "block drbd" + minor : "drbd " + res + "/" + volume + " drbd"
                + minor;
        n.log(subject + ": helper command: /sbin/drbdadm initial-split-brain minor-" + minor);
        n.log(subject + ": Split-Brain detected but unresolved, dropping connection!");
        n.log(subject + ": helper command: /sbin/drbdadm split-brain minor-" + minor);
        n.log("drbd " + res + ": conn( Disconnecting -> StandAlone )");
        n.helperCalls.add(new String[] {res, Integer.toString(volume), "split-brain"});
    }
}
