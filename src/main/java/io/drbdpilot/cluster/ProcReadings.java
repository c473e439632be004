// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.PeerStats;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Drbd84Mapping;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.drbd.parse.ProcDevice;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Successive readings of one node's {@code /proc/drbd}. A minor whose entry did not change keeps its record, so the
 * monitor's incremental checks see only real changes. Not thread-safe.
 */
final class ProcReadings {

    private String lastText;
    private Map<Integer, ProcDevice> devices = Map.of();
    private final Map<Integer, ProcDevice> builtFrom = new HashMap<>();
    private final Map<Integer, ResourceState> built = new HashMap<>();

    /** Takes a new reading; returns false when the text is the same as the last one. */
    boolean update(String text) throws ParseException {
        if (text.equals(lastText)) {
            return false;
        }
        Map<Integer, ProcDevice> m = new LinkedHashMap<>();
        for (ProcDevice d : ProcDrbdParser.parse(text).value().devices()) {
            m.put(d.minor(), d);
        }
        lastText = text;
        devices = m;
        return true;
    }

    /** Forgets the readings (the resync is over: events2 alone is the truth again). */
    void clear() {
        lastText = null;
        devices = Map.of();
        builtFrom.clear();
        built.clear();
    }

    boolean isEmpty() {
        return devices.isEmpty();
    }

    /** The resources as /proc/drbd shows them, named from the configuration (older kernels: no events2). */
    List<ResourceState> resources(DrbdConfig config, String host) {
        List<ResourceState> out = new ArrayList<>();
        for (ProcDevice d : devices.values()) {
            if (d.unconfigured()) {
                continue;
            }
            ResourceState r = built.get(d.minor());
            if (r == null || !d.equals(builtFrom.get(d.minor()))) {
                String name = config == null ? null : config.resourceOfMinor(host, d.minor()).orElse(null);
                r = Drbd84Mapping.toResource(d, name == null ? "minor-" + d.minor() : name);
                built.put(d.minor(), r);
                builtFrom.put(d.minor(), d);
            }
            out.add(r);
        }
        built.keySet().retainAll(devices.keySet());
        builtFrom.keySet().retainAll(devices.keySet());
        return out;
    }

    /**
     * The events2 resources with what only /proc/drbd tells on 8.4: the resync's speed, ETA and percentage, the
     * resync-suspended flags and fresh counters. Resources without a running resync are returned as they are.
     */
    List<ResourceState> overlay(List<ResourceState> fromEvents) {
        if (devices.isEmpty()) {
            return fromEvents;
        }
        List<ResourceState> out = new ArrayList<>(fromEvents.size());
        for (ResourceState r : fromEvents) {
            out.add(overlay(r));
        }
        return out;
    }

    private ResourceState overlay(ResourceState r) {
        Map<Integer, ProcDevice> byVolume = null; // most resources do not resync: no allocation for them
        for (DeviceState d : r.devices()) {
            ProcDevice p = devices.get(d.minor());
            if (p != null && p.progress() != null) {
                if (byVolume == null) {
                    byVolume = new HashMap<>();
                }
                byVolume.put(d.volume(), p);
            }
        }
        if (byVolume == null) {
            return r;
        }
        List<ConnectionState> conns = new ArrayList<>();
        for (ConnectionState c : r.connections()) {
            List<PeerDeviceState> pds = new ArrayList<>();
            for (PeerDeviceState pd : c.peerDevices()) {
                ProcDevice p = byVolume.get(pd.volume());
                ReplicationState rs = pd.replication().value();
                if (p == null || !(rs.isResync() || rs.isVerify())) {
                    pds.add(pd);
                    continue;
                }
                PeerStats stats = p.counters().isEmpty() ? pd.stats() : new PeerStats(p.counter("nr"),
                        p.counter("ns"), p.counter("oos"), p.counter("pe"), p.counter("ua"));
                pds.add(new PeerDeviceState(pd.volume(), pd.replication(), pd.peerDisk(), pd.peerClient(),
                        Objects.requireNonNullElse(p.resyncSuspended(), Objects.requireNonNullElse(
                                pd.resyncSuspended(), "no")), stats, p.progress(), pd.extra()));
            }
            conns.add(new ConnectionState(c.peerNodeId(), c.name(), c.connection(), c.peerRole(), c.congested(),
                    c.paths(), pds, c.extra()));
        }
        return new ResourceState(r.name(), r.role(), r.suspended(), r.forceIoFailures(), r.mayPromote(),
                r.promotionScore(), r.writeOrdering(), r.devices(), conns, r.extra());
    }
}
