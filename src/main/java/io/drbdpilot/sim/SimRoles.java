// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.Role;
import java.util.Map;

/**
 * The kernel's rules for role changes and writes on a simulated cluster: when {@code primary} and {@code secondary}
 * are refused (and with which refusal), and what a write does to the peers' bitmaps and the data generations. Called
 * under the cluster's lock by {@link SimCluster}.
 */
final class SimRoles {

    private SimRoles() {
    }

    static SimRefusal promote(SimCluster c, String node, String res, boolean force) {
        Replica r = c.replica(res, node);
        if (r.role == Role.PRIMARY) {
            return null;
        }
        if (c.version() == SimVersion.V9 && "majority".equals(r.spec.quorum()) && !r.hasQuorum()) {
            return SimRefusal.NO_QUORUM;
        }
        boolean peerPrimary = r.peers.values().stream().anyMatch(p -> p.connected && p.peerRole == Role.PRIMARY);
        if (peerPrimary && !r.allowTwoPrimaries) {
            return SimRefusal.TWO_PRIMARIES;
        }
        // DRBD 9's cluster-wide state change: a connected peer that sees another Primary (a partial mesh, say the
        // link to that Primary cut) refuses it as a second Primary too
        if (!c.version().is84()) {
            for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
                Replica peer = c.replica(res, e.getKey());
                if (e.getValue().connected && !peer.allowTwoPrimaries && peer.peers.entrySet().stream().anyMatch(
                        q -> !q.getKey().equals(node) && q.getValue().connected && q.getValue().peerRole
                        == Role.PRIMARY)) {
                    return SimRefusal.TWO_PRIMARIES;
                }
            }
        }
        boolean localGood = SimCluster.allVolumes(r, v -> r.disk[v] == DiskState.UP_TO_DATE);
        boolean peerGood = r.peers.entrySet().stream().anyMatch(e -> e.getValue().connected
                && SimCluster.allVolumes(r, v -> c.replica(res, e.getKey()).disk[v] == DiskState.UP_TO_DATE));
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
        r.newGenerationApart();
        r.forceIoFailures = false;
        r.role = Role.PRIMARY;
        c.recompute(res);
        return null;
    }

    static SimRefusal demote(SimCluster c, String node, String res, boolean force) {
        Replica r = c.replica(res, node);
        if (r.role != Role.PRIMARY) {
            return null;
        }
        if (c.node(node).isOpen(r.spec)) {
            if (!force || c.version().is84()) {
                return SimRefusal.DEVICE_IN_USE;
            }
            r.forceIoFailures = true;
        }
        r.role = Role.SECONDARY;
        c.recompute(res);
        return null;
    }

    static boolean write(SimCluster c, String node, String res, int volume, long kib) {
        Replica r = c.replica(res, node);
        if (r == null || r.role != Role.PRIMARY || !r.up) {
            return false;
        }
        if (c.version() == SimVersion.V9 && !r.hasQuorum()) {
            return false; // DRBD 9 without quorum: the I/O is suspended (or fails), nothing reaches the disk
        }
        r.dw += kib;
        r.al++;
        for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
            Replica.PeerLink p = e.getValue();
            if (p.connected) {
                r.ns += kib;
                Replica peer = c.replica(res, e.getKey());
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
                r.newGenerationApart(); // a Primary that writes apart starts a new data generation, once
            }
        }
        c.recompute(res);
        return true;
    }
}
