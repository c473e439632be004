// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.ConnState84;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.DeviceStats;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.PeerStats;
import io.drbdpilot.drbd.model.Reported;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Maps {@code /proc/drbd} entries onto the common model, the way docs/drbd-reference.md (§b.2) and drbd-utils' own
 * events2 emulation do: one peer, node id 0, named {@code peer}; {@code cs:} split into connection and replication; the
 * counters onto events2's statistics ({@code ns}→sent, {@code nr}→received, {@code dw}/{@code dr}→written/read,
 * {@code al}/{@code bm}, {@code lo}→lower-pending, {@code ap}→upper-pending, {@code pe}, {@code ua}, {@code oos}).
 */
public final class Drbd84Mapping {

    public static final String PEER_NAME = "peer";

    private Drbd84Mapping() {
    }

    /**
     * @param resourceNames the resource name of a minor (from {@code dump-xml}), or null when unknown; then the
     *                      resource is called {@code minor-N}
     */
    public static List<ResourceState> toResources(ProcDrbd proc, IntFunction<String> resourceNames) {
        List<ResourceState> out = new ArrayList<>();
        for (ProcDevice d : proc.devices()) {
            String name = resourceNames == null ? null : resourceNames.apply(d.minor());
            out.add(toResource(d, name == null ? "minor-" + d.minor() : name));
        }
        return List.copyOf(out);
    }

    public static ResourceState toResource(ProcDevice d, String name) {
        Map<String, String> devExtra = new HashMap<>();
        if (d.counters().containsKey("wo")) {
            devExtra.put("write-ordering", d.counters().get("wo"));
        }
        if (d.counters().containsKey("ep")) {
            devExtra.put("epochs", d.counters().get("ep"));
        }
        DeviceStats stats = d.counters().isEmpty() ? null : new DeviceStats(null, d.counter("dr"), d.counter("dw"),
                d.counter("al"), d.counter("bm"), d.counter("ap"), d.counter("lo"), d.alSuspended());
        DeviceState device = new DeviceState(0, d.minor(), d.disk(), null, null, null, null, null, stats, devExtra);
        List<ConnectionState> conns = new ArrayList<>();
        if (!d.unconfigured()) {
            ConnState84 cs = d.cs().value();
            Map<String, String> connExtra = new HashMap<>();
            connExtra.put("cs", d.cs().raw());
            if (d.protocol() != null) {
                connExtra.put("protocol", String.valueOf(d.protocol()));
            }
            if (d.flags() != null) {
                connExtra.put("flags", d.flags());
            }
            PeerStats ps = d.counters().isEmpty() ? null : new PeerStats(d.counter("nr"), d.counter("ns"),
                    d.counter("oos"), d.counter("pe"), d.counter("ua"));
            Reported<ReplicationState> repl = d.cs().isUnrecognized()
                    ? new Reported<>(ReplicationState.UNRECOGNIZED, d.cs().raw()) : Reported.of(cs.replication());
            PeerDeviceState pd = new PeerDeviceState(0, repl,
                    d.peerDisk() != null ? d.peerDisk()
                            : new Reported<>(DiskState.UNRECOGNIZED, "-"), // 0.7's ld: says nothing of the peer
                    null, d.resyncSuspended(),
                    ps, d.progress(), Map.of());
            conns.add(new ConnectionState(0, PEER_NAME,
                    d.cs().isUnrecognized() ? new Reported<>(cs.connection(), d.cs().raw()) : Reported.of(cs.connection()),
                    d.peerRole() != null ? d.peerRole() : Reported.of(Role.UNKNOWN), null, List.of(), List.of(pd),
                    connExtra));
        }
        List<String> suspended = d.ioSuspended() ? List.of("user") : List.of();
        Map<String, String> resExtra = new HashMap<>();
        resExtra.put("minor", String.valueOf(d.minor()));
        return new ResourceState(name, d.role(), suspended, null, null, null, d.counters().get("wo"),
                List.of(device), conns, resExtra);
    }
}
