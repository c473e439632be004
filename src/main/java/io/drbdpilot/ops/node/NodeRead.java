// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.node;

import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource as one node reported it just now (never from an older snapshot).
 *
 * @param host  the node's own name ({@code uname -n}), as DRBD 9 names its connections
 * @param state null when the node answered but does not have the resource up
 * @param error null when the node answered; else why it could not be read
 */
public record NodeRead(String node, String host, ResourceState state, String error, Instant at) {

    public boolean reachable() {
        return error == null;
    }

    public boolean up() {
        return state != null && !state.devices().isEmpty();
    }

    public Role role() {
        return state == null ? Role.UNKNOWN : state.role().value();
    }

    public boolean isPrimary() {
        return role() == Role.PRIMARY;
    }

    /**
     * The connection to a peer: by its host name (DRBD 9), else the only connection (8.4 calls it {@code peer}).
     */
    public Optional<ConnectionState> connectionTo(String peerHost) {
        if (state == null) {
            return Optional.empty();
        }
        Optional<ConnectionState> named = state.connection(peerHost);
        if (named.isPresent() || state.connections().size() != 1) {
            return named;
        }
        return Optional.of(state.connections().get(0));
    }

    /** Connected to the peer, and (DRBD 9) every volume's replication Established. */
    public boolean connectedTo(String peerHost) {
        return connectionTo(peerHost).map(c -> c.connection().is(CState.CONNECTED)
                && c.peerDevices().stream().allMatch(p -> p.replication().is(ReplicationState.ESTABLISHED)))
                .orElse(false);
    }

    public String connectionText(String peerHost) {
        return connectionTo(peerHost).map(c -> c.connection().raw() + c.peerDevices().stream()
                .filter(p -> !p.replication().is(ReplicationState.ESTABLISHED))
                .map(p -> ", volume " + p.volume() + " " + p.replication().raw()).reduce("", String::concat))
                .orElse(up() ? "no connection to " + peerHost : "not up");
    }

    /** Every local volume UpToDate. */
    public boolean diskUpToDate() {
        return up() && state.devices().stream().allMatch(d -> d.disk().is(DiskState.UP_TO_DATE));
    }

    public String diskText() {
        if (!up()) {
            return "not up";
        }
        return String.join(", ", state.devices().stream().map(d -> d.disk().raw()).distinct().toList());
    }

    /** Every volume of the peer UpToDate, as this node sees it. */
    public boolean peerDiskUpToDate(String peerHost) {
        return connectionTo(peerHost).map(c -> !c.peerDevices().isEmpty() && c.peerDevices().stream()
                .allMatch(p -> p.peerDisk().is(DiskState.UP_TO_DATE))).orElse(false);
    }

    public String peerDiskText(String peerHost) {
        return connectionTo(peerHost).map(c -> String.join(", ", c.peerDevices().stream()
                .map(p -> p.peerDisk().raw()).distinct().toList())).orElse("DUnknown");
    }

    public Role peerRole(String peerHost) {
        return connectionTo(peerHost).map(c -> c.peerRole().value()).orElse(Role.UNKNOWN);
    }

    public boolean resyncRuns() {
        return state != null && state.resyncRuns();
    }

    /** KiB out of sync with any peer, summed; 0 when unknown. */
    public long outOfSyncKiB() {
        if (state == null) {
            return 0;
        }
        long sum = 0;
        for (ConnectionState c : state.connections()) {
            for (PeerDeviceState p : c.peerDevices()) {
                Long oos = p.outOfSyncKiB();
                sum += oos == null ? 0 : oos;
            }
        }
        return sum;
    }

    /** KiB out of sync on the connection to one peer; 0 when unknown or not connected to it. */
    public long outOfSyncKiB(String peerHost) {
        return connectionTo(peerHost).map(c -> c.peerDevices().stream().mapToLong(p -> p.outOfSyncKiB() == null ? 0
                : p.outOfSyncKiB()).sum()).orElse(0L);
    }

    /** Connection name → KiB out of sync, for the connections other than the one to {@code peerHost}. */
    public Map<String, Long> outOfSyncElsewhere(String peerHost) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (state == null) {
            return out;
        }
        ConnectionState mine = connectionTo(peerHost).orElse(null);
        for (ConnectionState c : state.connections()) {
            if (c == mine) {
                continue;
            }
            long sum = c.peerDevices().stream().mapToLong(p -> p.outOfSyncKiB() == null ? 0 : p.outOfSyncKiB()).sum();
            if (sum > 0) {
                out.put(c.name(), sum);
            }
        }
        return out;
    }

    /** Some volume reports quorum:no (DRBD 9). */
    public boolean quorumLost() {
        return state != null && state.devices().stream().anyMatch(d -> Boolean.FALSE.equals(d.quorum()));
    }

    /** Some volume reports open:yes (DRBD 9; 8.4 does not say). */
    public Boolean open() {
        if (state == null || state.devices().stream().allMatch(d -> d.open() == null)) {
            return null;
        }
        return state.devices().stream().anyMatch(d -> Boolean.TRUE.equals(d.open()));
    }

    /** "Primary, UpToDate, Connected to beta (peer Secondary, UpToDate)" or why it could not be read. */
    public String describe(String peerHost) {
        if (!reachable()) {
            return node + ": unreachable (" + error + ")";
        }
        if (!up()) {
            return node + ": the resource is not up";
        }
        return node + ": " + state.role().raw() + ", disk " + diskText() + ", " + connectionText(peerHost)
                + " (peer " + peerRole(peerHost).drbdName() + ", peer disk " + peerDiskText(peerHost) + ")"
                + (resyncRuns() ? ", resync running" : "");
    }

    public List<DeviceState> devices() {
        return state == null ? List.of() : state.devices();
    }
}
