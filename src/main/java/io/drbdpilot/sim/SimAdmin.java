// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Role;
import java.util.Arrays;
import java.util.Map;

/**
 * The kernel's rules for the network and administration commands of {@code drbdadm}: connect, disconnect, adjust,
 * dual-primary, pause/resume-sync, invalidate and verify. Everything runs under the cluster's lock.
 */
final class SimAdmin {

    private final SimCluster c;

    SimAdmin(SimCluster c) {
        this.c = c;
    }

    /** {@code drbdadm disconnect RES}: StandAlone here; the peers wait for it. */
    SimRefusal disconnect(String node, String res) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (!r.netConfigured || r.splitBrain) {
                return SimRefusal.ALREADY_STANDALONE;
            }
            r.netConfigured = false;
            c.recompute(res);
            return null;
        }
    }

    /** {@code drbdadm connect [--discard-my-data] RES}. Only from StandAlone. */
    SimRefusal connect(String node, String res, boolean discardMyData) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (discardMyData && r.role == Role.PRIMARY) {
                return SimRefusal.DISCARD_WHILE_PRIMARY;
            }
            if (r.netConfigured && !r.splitBrain) {
                return SimRefusal.NEED_STANDALONE;
            }
            r.netConfigured = true;
            r.splitBrain = false;
            r.discardMyData = discardMyData;
            r.verifyAlg = r.spec.verifyAlg(); // connect sets the configuration's net options: a runtime one is gone
            c.recompute(res);
            return null;
        }
    }

    /** {@code drbdadm adjust RES}: back to the configuration (connected, dual-primary as configured). */
    void adjust(String node, String res) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (!r.configured) {
                new SimDisks(c, node).up(res);
                return;
            }
            r.spec = c.fileSpec(node, res); // the kernel runs the node's file from now on
            for (String peer : r.spec.nodes()) { // DRBD 9: a peer new in the file (new-peer, new-path, connect)
                if (!peer.equals(node) && !r.peers.containsKey(peer) && c.replica(res, peer) != null) {
                    r.peers.put(peer, new Replica.PeerLink(r.spec.volumes()));
                }
            }
            r.allowTwoPrimaries = r.spec.allowTwoPrimaries();
            r.verifyAlg = r.spec.verifyAlg();
            r.rateKiBps = null; // disk options back to the configuration's, sent to the peer on 8.4 (the lab)
            if (c.version().is84()) {
                // the lab's 8.4: the connection's net options and the disk options reach the connected peer too
                // (after adjust on beta, drbdadm -d adjust on alpha was empty: config_adjust.txt)
                r.peers.forEach((peer, p) -> {
                    if (p.connected) {
                        Replica other = c.replica(res, peer);
                        other.rateKiBps = other.spec.resyncRateKiBps() == r.spec.resyncRateKiBps() ? null
                                : r.spec.resyncRateKiBps();
                        other.verifyAlg = r.verifyAlg;
                    }
                });
            }
            if (!r.isClient() && r.disk[0] == DiskState.DISKLESS && SimCluster.allVolumes(r, v -> r.md[v])) {
                new SimDisks(c, node).attach(res); // adjust attaches the configured disk
            }
            if (!r.netConfigured && !r.splitBrain) {
                r.netConfigured = true;
            }
            c.recompute(res);
        }
    }

    /** {@code drbdadm net-options --verify-alg=ALG RES}, runtime only. */
    void verifyAlg(String node, String res, String alg) {
        synchronized (c) {
            c.replica(res, node).verifyAlg = alg.isEmpty() ? null : alg;
        }
    }

    /** {@code drbdadm net-options --allow-two-primaries=yes|no RES}, runtime only. */
    SimRefusal allowTwoPrimaries(String node, String res, boolean allow) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (allow && r.spec.protocol() != 'C') {
                return SimRefusal.PROTOCOL_C_REQUIRED;
            }
            if (!allow && r.role == Role.PRIMARY
                    && r.peers.values().stream().anyMatch(p -> p.connected && p.peerRole == Role.PRIMARY)) {
                return SimRefusal.NEED_ALLOW_TWO_PRI;
            }
            for (Replica x : c.replicasOf(res)) {
                Replica.PeerLink link = r.peers.get(x.node);
                if (x.node.equals(node) || link != null && link.connected) {
                    x.allowTwoPrimaries = allow; // net options are negotiated with the connected peers
                }
            }
            c.recompute(res);
            return null;
        }
    }

    /** {@code drbdadm pause-sync|resume-sync RES}. */
    void pauseSync(String node, String res, boolean pause) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
                Arrays.fill(e.getValue().paused, pause); // this node: "user"; the peer sees "peer" (8.4's u and p)
                Replica.PeerLink back = c.replica(res, e.getKey()).peers.get(node);
                if (back != null) { // a new peer whose kernel does not know this node yet
                    Arrays.fill(back.peerPaused, pause);
                }
            }
            c.recompute(res);
        }
    }

    /** {@code drbdadm invalidate RES}: throw local data away and resync it from a connected peer. */
    SimRefusal invalidate(String node, String res) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (r.role == Role.PRIMARY) {
                return SimRefusal.NO_UP_TO_DATE_DISK;
            }
            Map.Entry<String, Replica.PeerLink> source = r.peers.entrySet().stream()
                    .filter(e -> e.getValue().connected).findFirst().orElse(null);
            if (source == null) {
                return SimRefusal.NEED_CONNECTION;
            }
            Replica.PeerLink fromPeer = c.replica(res, source.getKey()).peers.get(node);
            for (int v = 0; v < r.disk.length; v++) {
                r.disk[v] = DiskState.INCONSISTENT;
                fromPeer.oosKiB[v] = r.spec.sizesKiB().get(v);
                c.startSync(res, source.getKey(), node, v, fromPeer.oosKiB[v]);
            }
            c.recompute(res);
            return null;
        }
    }

    /**
     * DRBD 9's {@code drbdadm invalidate-remote --reset-bitmap=no RES:PEER}: the blocks marked out of sync toward the
     * peer are resynced from this node.
     */
    SimRefusal invalidateRemote(String node, String res, String peer) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            boolean whole = peer == null; // 8.4: the whole device, to its one peer
            String to = whole ? r.peers.keySet().stream().findFirst().orElse(null) : peer;
            Replica.PeerLink p = to == null ? null : r.peers.get(to);
            if (p == null || !p.connected) {
                return SimRefusal.NEED_CONNECTION;
            }
            for (int v = 0; v < r.disk.length; v++) {
                if (whole || p.oosKiB[v] > 0) {
                    c.startSync(res, node, to, v, whole ? r.spec.sizesKiB().get(v) : p.oosKiB[v]);
                }
            }
            c.recompute(res);
            return null;
        }
    }

    /** {@code drbdadm verify RES}: needs verify-alg; runs as VerifyS/VerifyT until done. */
    SimRefusal verify(String node, String res) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (r.verifyAlg == null) {
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
            Replica.PeerLink back = c.replica(res, peer.getKey()).peers.get(node);
            for (int v = 0; v < r.disk.length; v++) {
                long size = r.spec.sizesKiB().get(v);
                int minor = r.spec.minors().get(v);
                c.node(node).log((c.version().is84() ? "block drbd" + minor : "drbd " + res + "/" + v + " drbd" + minor)
                        + ": Starting Online Verify from sector 0");
                peer.getValue().repl[v] = ReplicationState.VERIFY_S;
                back.repl[v] = ReplicationState.VERIFY_T;
                peer.getValue().oosKiB[v] = 0;
                peer.getValue().syncTotalKiB[v] = size;
                back.syncTotalKiB[v] = size;
                peer.getValue().verifyLeft(v, size);
                back.verifyLeft(v, size);
            }
            c.notifyChange(res);
            return null;
        }
    }
}
