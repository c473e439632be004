// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.Role;

/** Direct reads of the simulated kernel's state, for invariants in tests (no parsing in between). */
public final class SimState {

    private SimState() {
    }

    public static Role role(SimCluster c, String node, String res) {
        return c.read(() -> {
            Replica r = c.replica(res, node);
            return r == null ? Role.UNKNOWN : r.role;
        });
    }

    /** Every volume of the resource UpToDate on that node. */
    public static boolean upToDate(SimCluster c, String node, String res) {
        return c.read(() -> {
            Replica r = c.replica(res, node);
            return r != null && SimCluster.allVolumes(r, v -> r.disk[v] == DiskState.UP_TO_DATE);
        });
    }

    /** allow-two-primaries as the node runs it now. */
    public static boolean allowsTwoPrimaries(SimCluster c, String node, String res) {
        return c.read(() -> {
            Replica r = c.replica(res, node);
            return r != null && r.allowTwoPrimaries;
        });
    }

    /** How many nodes are Primary for the resource. */
    public static long primaries(SimCluster c, String res) {
        return c.read(() -> c.replicasOf(res).stream().filter(r -> r.role == Role.PRIMARY).count());
    }
}
