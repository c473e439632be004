// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Role;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** One resource on one simulated node: what that node's kernel knows. Guarded by the cluster's lock. */
final class Replica {

    final SimResourceSpec spec;
    final String node;
    Role role = Role.SECONDARY;
    final DiskState[] disk;
    /** False after {@code drbdadm disconnect} or a split brain: StandAlone, not trying to connect. */
    boolean netConfigured = true;
    boolean splitBrain;
    boolean discardMyData;
    boolean allowTwoPrimaries;
    boolean crashedPrimary;
    boolean up = true;
    /** Counters as /proc/drbd prints them, in KiB. */
    long ns;
    long nr;
    long dw;
    long dr;
    long al;
    final Map<String, PeerLink> peers = new LinkedHashMap<>();

    Replica(SimResourceSpec spec, String node) {
        this.spec = spec;
        this.node = node;
        this.disk = new DiskState[spec.volumes()];
        Arrays.fill(disk, spec.isClient(node) ? DiskState.DISKLESS : DiskState.UP_TO_DATE);
        this.allowTwoPrimaries = spec.allowTwoPrimaries();
        for (String n : spec.nodes()) {
            if (!n.equals(node)) {
                peers.put(n, new PeerLink(spec.volumes()));
            }
        }
    }

    boolean isClient() {
        return spec.isClient(node);
    }

    /**
     * Promoted apart from some peers: a new data generation (a new current UUID) starts, written to or not, as
     * 8.4's {@code drbd_uuid_new_current} does. If such a peer became Primary apart too, they meet in split brain.
     */
    void newGenerationApart() {
        if (isClient()) {
            return;
        }
        for (PeerLink p : peers.values()) {
            if (!p.connected) {
                Arrays.fill(p.changedWhileApart, true);
            }
        }
    }

    /** This node's view of the link to one peer. */
    static final class PeerLink {
        boolean connected;
        Role peerRole = Role.UNKNOWN;
        final ReplicationState[] repl;
        final long[] oosKiB;
        final long[] syncTotalKiB;
        final boolean[] changedWhileApart;
        final boolean[] paused;
        boolean stuck;
        /** simulated seconds since the resync last moved, for the kernel's "(stalled)" */
        double secondsWithoutProgress;
        double speedKiBps;
        private final long[] verifyLeftKiB;

        PeerLink(int volumes) {
            verifyLeftKiB = new long[volumes];
            repl = new ReplicationState[volumes];
            Arrays.fill(repl, ReplicationState.OFF);
            oosKiB = new long[volumes];
            syncTotalKiB = new long[volumes];
            changedWhileApart = new boolean[volumes];
            paused = new boolean[volumes];
        }

        long verifyLeft(int volume) {
            return verifyLeftKiB[volume];
        }

        void verifyLeft(int volume, long kib) {
            verifyLeftKiB[volume] = kib;
        }
    }
}
