// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.DeviceStats;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.PathState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.PeerStats;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Reported;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.ResyncProgress;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns {@link RawResource} text fields into the immutable model. Unknown keys land in each record's {@code extra}. */
final class ModelAssembler {

    private static final Set<String> RES_KEYS = Set.of("name", "role", "suspended", "force-io-failures",
            "may_promote", "promotion_score", "write-ordering");
    private static final Set<String> DEV_KEYS = Set.of("name", "volume", "minor", "disk", "client", "open", "quorum",
            "backing_dev", "blocked", "size", "read", "written", "al-writes", "bm-writes", "upper-pending",
            "lower-pending", "al-suspended");
    private static final Set<String> CONN_KEYS = Set.of("name", "peer-node-id", "conn-name", "connection", "role",
            "congested");
    private static final Set<String> PEER_KEYS = Set.of("name", "peer-node-id", "conn-name", "volume", "replication",
            "peer-disk", "peer-client", "resync-suspended", "received", "sent", "out-of-sync", "pending", "unacked",
            "done", "eta", "dbdt", "want", "rs-total");

    private ModelAssembler() {
    }

    static ResourceState resource(RawResource r) {
        Map<String, String> f = r.fields;
        List<DeviceState> devices = new ArrayList<>();
        r.devices.forEach((vol, d) -> devices.add(device(vol, d)));
        List<ConnectionState> conns = new ArrayList<>();
        for (RawResource.RawConnection c : r.connections.values()) {
            conns.add(connection(c));
        }
        String susp = f.get("suspended");
        List<String> suspended = susp == null || susp.equals("no") || susp.isEmpty()
                ? List.of() : Arrays.asList(susp.split(","));
        return new ResourceState(r.name, role(f.get("role")), suspended, bool(f.get("force-io-failures")),
                bool(f.get("may_promote")), integer(f.get("promotion_score")), f.get("write-ordering"), devices,
                conns, extra(f, RES_KEYS));
    }

    private static DeviceState device(int volume, Map<String, String> d) {
        DeviceStats stats = null;
        if (d.containsKey("size") || d.containsKey("read") || d.containsKey("written")) {
            stats = new DeviceStats(number(d.get("size")), number(d.get("read")), number(d.get("written")),
                    number(d.get("al-writes")), number(d.get("bm-writes")), number(d.get("upper-pending")),
                    number(d.get("lower-pending")), bool(d.get("al-suspended")));
        }
        Integer minor = integer(d.get("minor"));
        return new DeviceState(volume, minor == null ? -1 : minor,
                d.containsKey("disk") ? Reported.parse(DiskState.class, d.get("disk")) : Reported.of(DiskState.DUNKNOWN),
                bool(d.get("client")), bool(d.get("open")), bool(d.get("quorum")), d.get("backing_dev"),
                d.get("blocked"), stats, extra(d, DEV_KEYS));
    }

    private static ConnectionState connection(RawResource.RawConnection c) {
        Map<String, String> f = c.fields;
        List<PeerDeviceState> peers = new ArrayList<>();
        boolean connected = !f.containsKey("connection") || "Connected".equals(f.get("connection"));
        c.peerDevices.forEach((vol, p) -> {
            if (connected && !p.containsKey("replication")) {
                p.put("replication", "Established"); // non-verbose drbdadm status leaves out the usual state
            }
            peers.add(peerDevice(vol, p));
        });
        List<PathState> paths = new ArrayList<>();
        c.paths.values().forEach(p -> paths.add(new PathState(p.get("local"), p.get("peer"),
                bool(p.get("established")))));
        Integer id = integer(f.get("peer-node-id"));
        String name = f.getOrDefault("conn-name", id == null ? "peer" : "node-" + id);
        CState status = f.containsKey("connection")
                ? CState.parse(f.get("connection")) : CState.CONNECTED;
        Reported<CState> cs = f.containsKey("connection")
                ? new Reported<>(status, f.get("connection")) : Reported.of(CState.CONNECTED);
        return new ConnectionState(id, name, cs,
                f.containsKey("role") ? role(f.get("role")) : Reported.of(Role.UNKNOWN), bool(f.get("congested")),
                paths, peers, extra(f, CONN_KEYS));
    }

    private static PeerDeviceState peerDevice(int volume, Map<String, String> p) {
        PeerStats stats = null;
        if (p.containsKey("out-of-sync") || p.containsKey("sent") || p.containsKey("received")) {
            stats = new PeerStats(number(p.get("received")), number(p.get("sent")), number(p.get("out-of-sync")),
                    number(p.get("pending")), number(p.get("unacked")));
        }
        Reported<ReplicationState> repl = p.containsKey("replication")
                ? Reported.parse(ReplicationState.class, p.get("replication")) : Reported.of(ReplicationState.OFF);
        ResyncProgress progress = null;
        Double done = decimal(p.get("done"));
        // progress belongs to a running resync or verify only: events2 keeps the last done:/eta: after it ends
        if (repl.value().isResync() || repl.value().isVerify() || done != null && repl.value()
                == ReplicationState.UNRECOGNIZED) {
            Long totalSectors = number(p.get("rs-total"));
            Double dbdt = decimal(p.get("dbdt"));
            Double want = decimal(p.get("want"));
            progress = new ResyncProgress(done, number(p.get("out-of-sync")),
                    totalSectors == null ? null : totalSectors / 2,
                    dbdt == null ? null : Math.round(dbdt * 1024), null,
                    want == null || want == 0 ? null : Math.round(want), number(p.get("eta")), false,
                    repl.value().isVerify());
        }
        return new PeerDeviceState(volume, repl,
                p.containsKey("peer-disk") ? Reported.parse(DiskState.class, p.get("peer-disk"))
                        : Reported.of(DiskState.DUNKNOWN),
                bool(p.get("peer-client")), p.get("resync-suspended"), stats, progress, extra(p, PEER_KEYS));
    }

    private static Reported<Role> role(String s) {
        return s == null ? Reported.of(Role.UNKNOWN) : Reported.parse(Role.class, s);
    }

    static Boolean bool(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "yes", "true" -> Boolean.TRUE;
            case "no", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    static Long number(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            Double d = decimal(s);
            return d == null ? null : Math.round(d);
        }
    }

    static Integer integer(String s) {
        Long l = number(s);
        return l == null || l > Integer.MAX_VALUE || l < Integer.MIN_VALUE ? null : SharedTexts.share(l.intValue());
    }

    static Double decimal(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> extra(Map<String, String> f, Set<String> known) {
        Map<String, String> out = new HashMap<>();
        f.forEach((k, v) -> {
            if (!known.contains(k) && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
