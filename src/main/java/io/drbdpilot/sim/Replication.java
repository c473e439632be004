// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;

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

    static void handshake(SimCluster c, String res, Replica a, Replica b, Replica.PeerLink ab, Replica.PeerLink ba) {
        for (int v = 0; v < a.disk.length; v++) {
            boolean aChanged = ab.changedWhileApart[v] && !a.discardMyData;
            boolean bChanged = ba.changedWhileApart[v] && !b.discardMyData;
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
            if (a.isClient() || b.isClient()) {
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
            } else if (ba.changedWhileApart[v] || a.discardMyData) {
                c.startSync(res, b.node, a.node, v, Math.max(ab.oosKiB[v], ba.oosKiB[v]));
            } else if (a.disk[v] == DiskState.UP_TO_DATE && b.disk[v].isBelowUpToDate()) {
                c.startSync(res, a.node, b.node, v, size);
            } else if (b.disk[v] == DiskState.UP_TO_DATE && a.disk[v].isBelowUpToDate()) {
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
        c.connected(res, a, b);
    }

    private static void splitBrain(SimCluster c, String res, Replica a, Replica b, int volume) {
        for (Replica r : new Replica[] {a, b}) {
            r.splitBrain = true;
            c.splitBrain(res, r, volume);
        }
    }
}
