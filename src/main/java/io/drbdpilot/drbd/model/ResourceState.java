// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource as one node sees it: its own role and volumes, and its view of every peer. The same shape for DRBD
 * 8.4 and 9.
 *
 * @param suspended       why I/O is suspended ({@code user}, {@code no-data}, {@code fencing}, {@code quorum}); empty
 *                        when it is not
 * @param mayPromote      drbdsetup's own verdict (DRBD 9 events2), null when not reported
 * @param promotionScore  drbdsetup's promotion score, null when not reported
 * @param extra           every other key the source reported
 */
public record ResourceState(String name, Reported<Role> role, List<String> suspended, Boolean forceIoFailures,
        Boolean mayPromote, Integer promotionScore, String writeOrdering, List<DeviceState> devices,
        List<ConnectionState> connections, Map<String, String> extra) {

    public ResourceState {
        suspended = List.copyOf(suspended);
        devices = List.copyOf(devices);
        connections = List.copyOf(connections);
        extra = Map.copyOf(extra);
    }

    public boolean isSuspended() {
        return !suspended.isEmpty();
    }

    public Optional<DeviceState> device(int volume) {
        return devices.stream().filter(d -> d.volume() == volume).findFirst();
    }

    /** Some volume resyncs or verifies with some peer. */
    public boolean resyncRuns() {
        for (ConnectionState c : connections) {
            for (PeerDeviceState p : c.peerDevices()) {
                ReplicationState s = p.replication().value();
                if (s.isResync() || s.isVerify()) {
                    return true;
                }
            }
        }
        return false;
    }

    public Optional<ConnectionState> connection(String peerName) {
        return connections.stream().filter(c -> c.name().equals(peerName)).findFirst();
    }
}
