// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This node's connection to one peer. DRBD 8.4 has one peer, reported as node id 0 named {@code peer}.
 *
 * @param peerNodeId the peer's node id, or null when the output does not say (status text without node-id:)
 * @param name     the peer's connection name (DRBD 9: the peer's host name)
 * @param peerRole the peer's role as this node last heard it
 */
public record ConnectionState(Integer peerNodeId, String name, Reported<CState> connection,
        Reported<Role> peerRole, Boolean congested, List<PathState> paths, List<PeerDeviceState> peerDevices,
        Map<String, String> extra) {

    public ConnectionState {
        paths = List.copyOf(paths);
        peerDevices = List.copyOf(peerDevices);
        extra = Map.copyOf(extra);
    }

    public Optional<PeerDeviceState> peerDevice(int volume) {
        return peerDevices.stream().filter(p -> p.volume() == volume).findFirst();
    }
}
