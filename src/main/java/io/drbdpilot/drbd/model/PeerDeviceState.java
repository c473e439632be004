// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.util.Map;

/**
 * The replication of one volume to one peer, as this node sees it.
 *
 * @param resyncSuspended {@code no}, or DRBD's reasons ({@code user,peer,dependency}); null when not reported
 * @param resync          progress while a resync or verify runs, else null
 */
public record PeerDeviceState(int volume, Reported<ReplicationState> replication, Reported<DiskState> peerDisk,
        Boolean peerClient, String resyncSuspended, PeerStats stats, ResyncProgress resync,
        Map<String, String> extra) {

    public PeerDeviceState {
        extra = Map.copyOf(extra);
    }

    public Long outOfSyncKiB() {
        return stats == null ? null : stats.outOfSyncKiB();
    }
}
