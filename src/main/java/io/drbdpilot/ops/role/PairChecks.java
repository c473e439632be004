// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.role;

import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.StepFailed;
import java.util.List;

/**
 * What every promote step re-reads right before it acts, fresh from both nodes: the pair that carries the role is fit.
 * The switchover's promote and the migration's promote-beside add their own role conditions on top.
 */
public final class PairChecks {

    private PairChecks() {
    }

    /**
     * Both nodes reachable, Connected to each other, both UpToDate as each sees itself and the other, no resync or
     * verify on either, quorum held on both; else a StepFailed with {@code abort} as its remedy.
     *
     * @param me   the node about to be promoted
     * @param peer the other node of the pair
     */
    public static void fit(Run run, NodeRead me, NodeRead peer, String res, String abort) throws StepFailed {
        for (NodeRead n : List.of(me, peer)) {
            if (!n.reachable()) {
                throw new StepFailed(n.node() + " cannot be reached: " + n.error(), abort);
            }
        }
        String mh = run.hostOf(me.node());
        String ph = run.hostOf(peer.node());
        if (!me.connectedTo(ph) || !peer.connectedTo(mh)) {
            throw new StepFailed("The replication link of " + res + " is not Connected: " + me.node() + " says "
                    + me.connectionText(ph) + ", " + peer.node() + " says " + peer.connectionText(mh) + ".", abort);
        }
        if (!me.diskUpToDate() || !peer.peerDiskUpToDate(mh)) {
            throw new StepFailed(me.node() + "'s disk is " + me.diskText() + " (" + peer.node() + " sees "
                    + peer.peerDiskText(mh) + "): promoting it now would serve data that is not current.", abort);
        }
        if (!peer.diskUpToDate() || !me.peerDiskUpToDate(ph)) {
            throw new StepFailed(peer.node() + "'s disk is " + peer.diskText() + " (" + me.node() + " sees "
                    + me.peerDiskText(ph) + ").", abort);
        }
        if (me.resyncRuns() || peer.resyncRuns()) {
            throw new StepFailed("A resync or verify runs on " + res + ".", abort);
        }
        for (NodeRead n : List.of(me, peer)) {
            if (n.quorumLost()) {
                throw new StepFailed(n.node() + " has no quorum for " + res + ".", abort);
            }
        }
    }
}
