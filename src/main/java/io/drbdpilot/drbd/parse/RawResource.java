// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.ResourceState;
import java.util.Map;

/**
 * The mutable, text-only form of a resource while a parser collects it, keyed by events2's field names. Every
 * source (events2, {@code drbdadm status} text, {@code status --json}) is brought into this shape and then turned into
 * records by {@link ModelAssembler}, so the conversions exist once.
 */
final class RawResource {

    final Fields fields = new Fields();
    final SmallMap<Integer, Fields> devices = new SmallMap<>(Integer::compare);
    final SmallMap<String, RawConnection> connections = new SmallMap<>();
    String name;
    /** The assembled record, kept until this resource changes (a node has thousands; one changes at a time). */
    ResourceState assembled;

    RawResource(String name) {
        this.name = name;
        fields.put("name", name);
    }

    Fields device(int volume) {
        return devices.computeIfAbsent(volume, v -> new Fields());
    }

    /** Gives back unused room in every map of this resource (after the initial dump). */
    void trim() {
        fields.trim();
        devices.trim();
        devices.values().forEach(Fields::trim);
        connections.trim();
        for (RawConnection c : connections.values()) {
            c.fields.trim();
            c.peerDevices.trim();
            c.peerDevices.values().forEach(Fields::trim);
            c.paths.trim();
            c.paths.values().forEach(Fields::trim);
        }
    }

    RawConnection connection(String peerNodeId, String connName) {
        String key = peerNodeId != null ? peerNodeId : connName;
        RawConnection c = connections.computeIfAbsent(key, k -> new RawConnection());
        if (peerNodeId != null) {
            c.fields.put("peer-node-id", peerNodeId);
        }
        if (connName != null) {
            c.fields.put("conn-name", connName);
        }
        return c;
    }

    /**
     * A path's identity: its two addresses, the very strings its fields hold (a joined text would be one more string
     * per path, and a monitor holds hundreds of thousands).
     */
    record PathKey(String local, String peer) {
    }

    /** One peer: its fields, its peer devices by volume and its paths by their addresses. */
    static final class RawConnection {
        final Fields fields = new Fields();
        final SmallMap<Integer, Fields> peerDevices = new SmallMap<>(Integer::compare);
        final SmallMap<PathKey, Fields> paths = new SmallMap<>();

        Fields peerDevice(int volume) {
            return peerDevices.computeIfAbsent(volume, v -> new Fields());
        }
    }
}
