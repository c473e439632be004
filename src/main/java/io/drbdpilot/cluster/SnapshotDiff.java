// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns snapshots into the changes an operator wants to read: states, freshness, findings appearing and clearing. */
public final class SnapshotDiff {

    private SnapshotDiff() {
    }

    /**
     * The changes of one node from one view to the next, reading only the resources whose state changed: views
     * share unchanged resource records, so a node with thousands of resources costs what its changes cost.
     */
    public static List<HistoryEvent> diffNode(NodeView before, NodeView after, Instant at) {
        Map<String, String> was = new LinkedHashMap<>();
        Map<String, String> now = new LinkedHashMap<>();
        if (before != null) {
            header(before, was);
        }
        if (after != null) {
            header(after, now);
        }
        Map<String, ResourceState> old = before != null && before.ready() ? before.byName() : Map.of();
        Map<String, ResourceState> fresh = after != null && after.ready() ? after.byName() : Map.of();
        for (ResourceState r : fresh.isEmpty() ? List.<ResourceState>of() : after.resources()) {
            ResourceState o = old.get(r.name());
            if (o != r) {
                if (o != null) {
                    resource(before.node(), o, was);
                }
                resource(after.node(), r, now);
            }
        }
        for (ResourceState o : old.isEmpty() ? List.<ResourceState>of() : before.resources()) {
            if (!fresh.containsKey(o.name())) {
                resource(before.node(), o, was);
            }
        }
        return diff(was, now, at);
    }

    /** The findings of a snapshot, flattened. */
    public static Map<String, String> findings(ClusterSnapshot s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (ClusterFinding f : s.findings()) {
            m.put("finding " + (f.node() == null ? "cluster" : f.node()) + " " + f.finding().kind() + " "
                    + f.finding().resource(), f.finding().severity() + " " + f.finding().explanation());
        }
        return m;
    }

    private static void header(NodeView n, Map<String, String> m) {
        m.put(n.node(), n.freshness() + (n.isLive() ? "" : " (" + n.reason() + ")"));
    }

    private static void resource(String node, ResourceState r, Map<String, String> m) {
        String k = node + " " + r.name();
        m.put(k + " role", r.role().raw());
        for (DeviceState d : r.devices()) {
            m.put(k + "/" + d.volume() + " disk", d.disk().raw());
        }
        for (ConnectionState c : r.connections()) {
            m.put(k + " connection to " + c.name(), c.connection().raw() + ", peer " + c.peerRole().raw());
            for (PeerDeviceState p : c.peerDevices()) {
                m.put(k + "/" + p.volume() + " replication to " + c.name(), p.replication().raw()
                        + ", peer disk " + p.peerDisk().raw());
            }
        }
    }

    /**
     * A finding whose severity stays and whose words change (a resync's percentage, a duration) is the same finding:
     * recording every new figure would bury the real changes.
     */
    private static boolean sameSeverity(String was, String now) {
        int a = was.indexOf(' ');
        int b = now.indexOf(' ');
        return a > 0 && b > 0 && was.substring(0, a).equals(now.substring(0, b));
    }

    /** The changes from one flattened snapshot to the next. */
    public static List<HistoryEvent> diff(Map<String, String> before, Map<String, String> after,
            Instant at) {
        List<HistoryEvent> out = new ArrayList<>();
        after.forEach((k, v) -> {
            String was = before.get(k);
            if (!v.equals(was) && !(was != null && k.startsWith("finding ") && sameSeverity(was, v))) {
                out.add(new HistoryEvent(at, nodeOf(k), k, was, v));
            }
        });
        before.forEach((k, v) -> {
            if (!after.containsKey(k)) {
                out.add(new HistoryEvent(at, nodeOf(k), k, v, null));
            }
        });
        return out;
    }

    private static String nodeOf(String key) {
        String k = key.startsWith("finding ") ? key.substring(8) : key;
        int sp = k.indexOf(' ');
        return sp < 0 ? k : k.substring(0, sp);
    }
}
