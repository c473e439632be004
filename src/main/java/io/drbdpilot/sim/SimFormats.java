// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulated node prints, in DRBD's own formats: {@code /proc/drbd} as the lab's 8.4.11 prints it (blank lines
 * for minor gaps, the bar, thousands separators), events2 (8.4 emulation or DRBD 9 multi-peer) and
 * {@code drbdadm status}. Called under the cluster's lock.
 */
final class SimFormats {

    static final String SRCVERSION = "F73C670A7EC572DB9CF3E5B";

    private SimFormats() {
    }

    /** One events2 object: its type, identity keys and fields, in print order. */
    record Obj(String type, String id, Map<String, String> fields) {
    }

    // ------------------------------------------------------------------ /proc/drbd

    static String procDrbd(SimCluster c, String node) {
        StringBuilder sb = new StringBuilder();
        if (c.version() == SimVersion.V9) {
            sb.append("version: 9.2.12 (api:2/proto:86-122)\n");
            sb.append("GIT-hash: 2ed6ed1c3fb7bc6fc2ee4ff77d1a6d7d5a8a4c1c build by sim@drbd-pilot, 2026-01-01 00:00:00\n");
            sb.append("Transports (api:21): tcp (9.2.12)\n");
            return sb.toString();
        }
        sb.append("version: ").append(c.version().kernel()).append(" (api:1/proto:86-101)\n");
        sb.append("srcversion: ").append(SRCVERSION).append(" \n");
        Map<Integer, Replica> byMinor = new TreeMap<>();
        for (SimResourceSpec s : c.configuredOf(node)) {
            byMinor.put(s.minors().get(0), c.replica(s.name(), node));
        }
        int prev = -1;
        for (Map.Entry<Integer, Replica> e : byMinor.entrySet()) {
            int minor = e.getKey();
            if (prev != minor - 1) {
                sb.append('\n');
            }
            prev = minor;
            Replica r = e.getValue();
            String peer = r.peers.keySet().iterator().next();
            device84(sb, minor, r, c.replica(r.spec.name(), peer).disk[0].drbdName());
        }
        return sb.toString();
    }

    private static void device84(StringBuilder sb, int minor, Replica r, String peerDisk) {
        Replica.PeerLink p = r.peers.values().iterator().next();
        String cs = cs84(r, p);
        boolean net = r.netConfigured && !r.splitBrain;
        sb.append(String.format(Locale.ROOT, "%2d: cs:%s ro:%s/%s ds:%s/%s %c %c%c%c%c%c%c%n", minor, cs,
                r.role.drbdName(), p.connected ? p.peerRole.drbdName() : "Unknown", r.disk[0].drbdName(),
                p.connected ? peerDisk : "DUnknown", net ? r.spec.protocol() : ' ', 'r', '-',
                p.connected && p.peerPaused[0] ? 'p' : '-', p.paused[0] ? 'u' : '-', '-', '-'));
        sb.append(String.format(Locale.ROOT,
                "    ns:%d nr:%d dw:%d dr:%d al:%d bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:%d%n",
                r.ns, r.nr, r.dw, r.dr, r.al, p.oosKiB[0]));
        ReplicationState rs = p.repl[0];
        // a paused resync prints no progress lines (the lab's PausedSyncS/T)
        if (p.connected && !Replica.paused(p, 0) && (rs == ReplicationState.SYNC_SOURCE
                || rs == ReplicationState.SYNC_TARGET || rs == ReplicationState.VERIFY_S
                || rs == ReplicationState.VERIFY_T)) {
            boolean verify = rs == ReplicationState.VERIFY_S || rs == ReplicationState.VERIFY_T;
            long total = Math.max(1, p.syncTotalKiB[0]);
            long left = verify ? p.verifyLeft(0) : p.oosKiB[0];
            int perMille = (int) Math.max(0, Math.min(1000, (total - left) * 1000 / total));
            int x = perMille / 50;
            StringBuilder bar = new StringBuilder();
            for (int i = 1; i < x; i++) {
                bar.append('=');
            }
            bar.append('>');
            bar.append(".".repeat(Math.max(0, 20 - Math.max(x, 1))));
            sb.append(String.format(Locale.ROOT, "\t[%s] %s:%3d.%d%% (%d/%d)K%n", bar, verify ? "verified" : "sync'ed",
                    perMille / 10, perMille % 10, left, total));
            long speed = Math.round(p.speedKiBps);
            long eta = speed == 0 ? 0 : left / speed;
            String want = rs == ReplicationState.SYNC_TARGET || rs == ReplicationState.VERIFY_S
                    ? " want: " + grouped(r.rate()) : "";
            sb.append(String.format(Locale.ROOT, "\tfinish: %d:%02d:%02d speed: %s (%s)%s K/sec%s%n", eta / 3600,
                    (eta / 60) % 60, eta % 60, grouped(speed), grouped(speed), want,
                    p.secondsWithoutProgress > SimCluster.STALL_SECONDS ? " (stalled)" : ""));
        }
    }

    static String cs84(Replica r, Replica.PeerLink p) {
        if (!r.netConfigured || r.splitBrain) {
            return "StandAlone";
        }
        if (!p.connected) {
            return "WFConnection";
        }
        ReplicationState rs = p.repl[0];
        if (Replica.paused(p, 0) && rs == ReplicationState.SYNC_SOURCE) {
            return "PausedSyncS";
        }
        if (Replica.paused(p, 0) && rs == ReplicationState.SYNC_TARGET) {
            return "PausedSyncT";
        }
        return rs == ReplicationState.ESTABLISHED ? "Connected" : rs.drbdName();
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    // ------------------------------------------------------------------ events2

    /** The events2 objects of one node, in the order drbdsetup prints them. */
    static List<Obj> events2Objects(SimCluster c, String node, boolean statistics) {
        return events2Objects(c, node, statistics, c.configuredOf(node));
    }

    /** The events2 objects of some of a node's resources. */
    static List<Obj> events2Objects(SimCluster c, String node, boolean statistics, List<SimResourceSpec> which) {
        List<Obj> out = new ArrayList<>();
        boolean v9 = c.version() == SimVersion.V9;
        for (SimResourceSpec s : which) {
            Replica r = c.replica(s.name(), node);
            String n = s.name();
            Map<String, String> res = new LinkedHashMap<>();
            res.put("role", r.role.drbdName());
            res.put("suspended", v9 && "majority".equals(s.quorum()) && !r.hasQuorum() && r.role == Role.PRIMARY
                    ? "quorum" : "no");
            if (v9) {
                res.put("force-io-failures", r.forceIoFailures ? "yes" : "no");
                res.put("may_promote", mayPromote(c, r) ? "yes" : "no");
                res.put("promotion_score", Integer.toString(promotionScore(c, r)));
            }
            if (statistics) {
                res.put("write-ordering", "flush");
            }
            out.add(new Obj("resource", "name:" + n, res));
            // DRBD 9.2 lists the connections newest first: highest peer node id first (the real 9.2.18 kernel)
            List<Map.Entry<String, Replica.PeerLink>> peers = new ArrayList<>(r.peers.entrySet());
            if (v9) {
                peers.sort((a, b) -> Integer.compare(s.nodeId(b.getKey()), s.nodeId(a.getKey())));
            }
            for (Map.Entry<String, Replica.PeerLink> e : peers) {
                Replica.PeerLink p = e.getValue();
                Map<String, String> conn = new LinkedHashMap<>();
                conn.put("connection", connectionState(r, p));
                conn.put("role", p.connected ? p.peerRole.drbdName() : "Unknown");
                if (statistics) {
                    conn.put("congested", "no");
                }
                out.add(new Obj("connection", connId(s, node, e.getKey(), v9), conn));
            }
            for (int v = 0; v < s.volumes(); v++) {
                Map<String, String> dev = new LinkedHashMap<>();
                if (v9) {
                    dev.put("backing_dev", r.isClient() ? "none" : "/dev/vg/" + n + "_" + v);
                }
                dev.put("disk", r.disk[v].drbdName());
                if (v9) {
                    dev.put("client", r.isClient() ? "yes" : "no");
                    dev.put("quorum", r.hasQuorum() ? "yes" : "no"); // no open: in 9.2.18's events2
                }
                if (statistics) {
                    dev.put("size", Long.toString(s.sizesKiB().get(v)));
                    dev.put("read", Long.toString(r.dr));
                    dev.put("written", Long.toString(r.dw));
                    dev.put("al-writes", Long.toString(r.al));
                    dev.put("bm-writes", "0");
                    dev.put("upper-pending", "0");
                    dev.put("lower-pending", "0");
                    dev.put("al-suspended", "no");
                    dev.put("blocked", "no");
                }
                out.add(new Obj("device", "name:" + n + " volume:" + v + " minor:" + s.minors().get(v), dev));
            }
            for (Map.Entry<String, Replica.PeerLink> e : peers) {
                Replica.PeerLink p = e.getValue();
                for (int v = 0; v < s.volumes(); v++) {
                    Map<String, String> pd = new LinkedHashMap<>();
                    pd.put("replication", p.connected ? shown(p, v).drbdName() : "Off");
                    pd.put("peer-disk", p.connected ? c.replica(n, e.getKey()).disk[v].drbdName() : "DUnknown");
                    if (v9) {
                        pd.put("peer-client", s.isClient(e.getKey()) ? "yes" : "no");
                    }
                    pd.put("resync-suspended", Replica.suspended(p, v));
                    if (v9 && p.connected && p.repl[v].isResync()) {
                        pd.put("done", String.format(Locale.ROOT, "%.2f", done(p, v)));
                    }
                    if (statistics) {
                        pd.put("received", Long.toString(r.nr));
                        pd.put("sent", Long.toString(r.ns));
                        pd.put("out-of-sync", Long.toString(p.oosKiB[v]));
                        pd.put("pending", "0");
                        pd.put("unacked", "0");
                    }
                    out.add(new Obj("peer-device", connId(s, node, e.getKey(), v9) + " volume:" + v, pd));
                }
                if (v9) { // each connection's path follows its peer devices
                    out.add(new Obj("path", connId(s, node, e.getKey(), true) + " local:" + SimDrbdadm.address(s,
                            node) + " peer:" + SimDrbdadm.address(s, e.getKey()), Map.of("established", p.connected
                            ? "yes" : "no")));
                }
            }
        }
        return out;
    }

    static String line(String action, Obj o, Map<String, String> fields) {
        StringBuilder sb = new StringBuilder(action).append(' ').append(o.type()).append(' ').append(o.id());
        fields.forEach((k, v) -> sb.append(' ').append(k).append(':').append(v));
        return sb.toString();
    }

    private static String connId(SimResourceSpec s, String node, String peer, boolean v9) {
        return v9 ? "name:" + s.name() + " peer-node-id:" + s.nodeId(peer) + " conn-name:" + peer
                : "name:" + s.name() + " peer-node-id:0 conn-name:peer";
    }

    static String connectionState(Replica r, Replica.PeerLink p) {
        if (!r.netConfigured || r.splitBrain) {
            return "StandAlone";
        }
        return p.connected ? "Connected" : "Connecting";
    }

    private static ReplicationState shown(Replica.PeerLink p, int v) {
        if (Replica.paused(p, v) && p.repl[v] == ReplicationState.SYNC_SOURCE) {
            return ReplicationState.PAUSED_SYNC_S;
        }
        if (Replica.paused(p, v) && p.repl[v] == ReplicationState.SYNC_TARGET) {
            return ReplicationState.PAUSED_SYNC_T;
        }
        return p.repl[v];
    }

    static double done(Replica.PeerLink p, int v) {
        long total = Math.max(1, p.syncTotalKiB[v]);
        return 100.0 * (total - p.oosKiB[v]) / total;
    }

    /** drbdsetup's own rule (docs/drbd-reference.md §c.5). */
    static boolean mayPromote(SimCluster c, Replica r) {
        if (r.role == Role.PRIMARY || !r.hasQuorum()) {
            return false;
        }
        if (r.peers.values().stream().anyMatch(p -> p.connected && p.peerRole == Role.PRIMARY)) {
            return false;
        }
        for (int v = 0; v < r.disk.length; v++) {
            boolean any = r.disk[v] == DiskState.UP_TO_DATE;
            for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
                any |= e.getValue().connected && c.replica(r.spec.name(), e.getKey()).disk[v] == DiskState.UP_TO_DATE;
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    static int promotionScore(SimCluster c, Replica r) {
        boolean allLocal = true;
        int localUpToDate = 0;
        int replicas = 0;
        for (int v = 0; v < r.disk.length; v++) {
            allLocal &= r.disk[v] != DiskState.DISKLESS;
            if (r.disk[v] == DiskState.UP_TO_DATE) {
                localUpToDate++;
                replicas++;
            }
            for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
                if (e.getValue().connected && c.replica(r.spec.name(), e.getKey()).disk[v] == DiskState.UP_TO_DATE) {
                    replicas++;
                }
            }
        }
        return (allLocal ? 10000 : 0) + 100 * Math.min(localUpToDate, 99) + Math.min(replicas, 99);
    }

    // ------------------------------------------------------------------ drbdadm status

    static String status(SimCluster c, String node, List<String> only) {
        StringBuilder sb = new StringBuilder();
        boolean v9 = c.version() == SimVersion.V9;
        for (SimResourceSpec s : c.configuredOf(node)) {
            if (!only.isEmpty() && !only.contains(s.name()) && !only.contains("all")) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            Replica r = c.replica(s.name(), node);
            sb.append(s.name()).append(" role:").append(r.role.drbdName());
            if (v9 && !r.hasQuorum() && r.role == Role.PRIMARY) {
                sb.append(" suspended:quorum");
            }
            sb.append('\n');
            for (int v = 0; v < s.volumes(); v++) {
                sb.append("  ").append(s.volumes() > 1 ? "volume:" + v + " " : "").append("disk:")
                        .append(r.disk[v].drbdName());
                if (v9 && !r.hasQuorum()) {
                    sb.append(" quorum:no");
                }
                sb.append('\n');
            }
            for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
                Replica.PeerLink p = e.getValue();
                String name = v9 ? e.getKey() : "peer";
                if (!r.netConfigured || r.splitBrain) {
                    if (v9) {
                        sb.append("  ").append(name).append(" connection:StandAlone\n");
                    }
                    continue;
                }
                if (!p.connected) {
                    sb.append("  ").append(name).append(" connection:Connecting\n");
                    continue;
                }
                sb.append("  ").append(name).append(" role:").append(p.peerRole.drbdName()).append('\n');
                for (int v = 0; v < s.volumes(); v++) {
                    String peerDisk = c.replica(s.name(), e.getKey()).disk[v].drbdName();
                    sb.append("    ").append(s.volumes() > 1 ? "volume:" + v + " " : "");
                    ReplicationState rs = shown(p, v);
                    if (!v9 || rs != ReplicationState.ESTABLISHED) {
                        sb.append("replication:").append(rs.drbdName()).append(' ');
                    }
                    sb.append("peer-disk:").append(peerDisk);
                    if (p.repl[v].isResync()) {
                        sb.append(String.format(Locale.ROOT, " done:%.2f", done(p, v)));
                    }
                    String susp = Replica.suspended(p, v);
                    if (!susp.equals("no")) { // 8.4 on the same line (the lab), 9.2.18 on the next (samples9)
                        sb.append(v9 ? "\n        " : " ").append("resync-suspended:").append(susp);
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }
}
