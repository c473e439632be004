// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A cluster at a glance, computed without any UI: one box per node (its versions and how many of its resources are
 * Primary, Secondary, degraded, syncing, stale) and one line per pair of nodes that replicate, with the worst state of
 * the resources on it and a label such as "12 ok · 1 syncing 43 %". Connection states are the words the nodes
 * printed (WFConnection on 8.4, Connecting on DRBD 9). Pure and immutable.
 */
public record ClusterMap(String cluster, List<NodeBox> nodes, List<Pair> pairs) {

    /** Above this many nodes the heat map is the landing page: a map of more is no longer read at a glance. */
    public static final int MAX_NODES = 16;

    public ClusterMap {
        nodes = List.copyOf(nodes);
        pairs = List.copyOf(pairs);
    }

    /** How a line or a box looks, from good to bad: the colour and the pattern follow it. */
    public enum Look {
        OK("ok"), SYNC("syncing"), WARNING("warning"), STALE("unknown"), DANGER("danger");

        private final String word;

        Look(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * One node.
     *
     * @param versions "DRBD 8.4.11 · utils 9.5.0", or what is known of it
     * @param stale    the node cannot be read now: its counts are the last known ones
     */
    public record NodeBox(String node, String versions, NodeView.Freshness freshness, int resources, int primary,
            int secondary, int degraded, int syncing, boolean stale) {

        public Look look() {
            if (stale) {
                return Look.STALE;
            }
            if (degraded > 0) {
                return Look.WARNING;
            }
            return syncing > 0 ? Look.SYNC : Look.OK;
        }

        /** "1 Primary · 2 Secondary". */
        public String roles() {
            return primary + " Primary · " + secondary + " Secondary";
        }

        /** "1 degraded · 1 syncing", "all healthy", or what is stale. */
        public String health() {
            if (freshness == NodeView.Freshness.CONNECTING) {
                return "connecting…";
            }
            List<String> parts = new ArrayList<>();
            if (stale) {
                parts.add(resources == 0 ? "unreachable, not read yet" : resources + " stale (unreachable)");
            }
            if (degraded > 0) {
                parts.add(degraded + " degraded");
            }
            if (syncing > 0) {
                parts.add(syncing + " syncing");
            }
            return parts.isEmpty() ? (resources == 0 ? "no resources" : "all healthy") : String.join(" · ", parts);
        }

        /** What a screen reader says. */
        public String spoken() {
            return node + ", " + versions + ", " + resources + " resources: " + roles() + ", " + health();
        }
    }

    /**
     * One pair of nodes that replicate at least one resource.
     *
     * @param ok           connected, no resync
     * @param syncing      resyncing or verifying
     * @param leastDone    the lowest resync percentage among those, or null
     * @param other        the rest, by the words the nodes said ("WFConnection", "StandAlone"), or "unknown" when
     *                     a node of the pair cannot be read
     * @param resources    the resources on this pair
     */
    public record Pair(String a, String b, int ok, int syncing, Double leastDone, Map<String, Integer> other,
            Look look, List<String> resources) {

        public Pair {
            other = Map.copyOf(other);
            resources = List.copyOf(resources);
        }

        /** "12 ok · 1 syncing 43 % · 2 WFConnection". */
        public String label() {
            List<String> parts = new ArrayList<>();
            if (ok > 0) {
                parts.add(ok + " ok");
            }
            if (syncing > 0) {
                String pct = leastDone == null ? "" : String.format(Locale.ROOT, " %.0f %%", leastDone);
                parts.add(syncing + " syncing" + (syncing > 1 && leastDone != null ? " (least done" + pct + ")"
                        : pct));
            }
            other.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> parts.add(e.getValue() + " " + e.getKey()));
            return String.join(" · ", parts);
        }

        /** What a screen reader says. */
        public String spoken() {
            return "link " + a + " to " + b + ", " + look.word() + ": " + label().replace(" · ", ", ")
                    .replace("%", "percent") + (look == Look.STALE ? " (a node is unreachable)" : "");
        }

        public String key() {
            return a + "|" + b;
        }
    }

    /** The map of a snapshot: nodes in its order, pairs in the order of their first node, then the second. */
    public static ClusterMap of(ClusterSnapshot s) {
        List<String> order = s.nodes().stream().map(NodeView::node).toList();
        List<NodeBox> boxes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (NodeView v : s.nodes()) {
            boxes.add(box(v));
            v.resources().forEach(r -> names.add(r.name()));
        }
        Map<String, Acc> acc = new LinkedHashMap<>();
        boolean someUnread = s.nodes().stream().anyMatch(v -> !v.isLive()); // else no line comes from the files
        for (String name : names) {
            List<ResourceTopology.Side> sides = new ArrayList<>();
            for (NodeView v : s.nodes()) {
                v.resource(name).ifPresent(r -> sides.add(ResourceTopology.Side.of(v, r, null)));
            }
            for (ResourceTopology.Link l : ResourceTopology.of(name, sides).links()) {
                pairOf(acc, order, l.a(), l.b()).add(name, l);
            }
            // A peer that was never read (down since before the monitor started) holds nothing yet: its line is
            // drawn from the configuration of the nodes that name it, as unknown.
            for (ResourceTopology.Side side : someUnread ? sides : List.<ResourceTopology.Side>of()) {
                for (NodeView peer : unreadPeers(s, side, name)) {
                    pairOf(acc, order, side.node(), peer.node()).add(name, new ResourceTopology.Link(side.node(),
                            peer.node(), ResourceTopology.LinkState.UNKNOWN, null, null, null, null, null, null));
                }
            }
        }
        List<Acc> sorted = new ArrayList<>(acc.values());
        sorted.sort((x, y) -> x.a.equals(y.a) ? Integer.compare(order.indexOf(x.b), order.indexOf(y.b))
                : Integer.compare(order.indexOf(x.a), order.indexOf(y.a)));
        return new ClusterMap(s.cluster(), boxes, sorted.stream().map(Acc::pair).toList());
    }

    private static Acc pairOf(Map<String, Acc> acc, List<String> order, String x, String y) {
        boolean inOrder = order.indexOf(x) <= order.indexOf(y);
        String a = inOrder ? x : y;
        String b = inOrder ? y : x;
        return acc.computeIfAbsent(a + "|" + b, k -> new Acc(a, b));
    }

    /** The nodes the side's configuration names as hosts of the resource that are not read and do not show it. */
    private static List<NodeView> unreadPeers(ClusterSnapshot s, ResourceTopology.Side side, String resource) {
        NodeView self = s.node(side.node()).orElse(null);
        if (self == null || self.config() == null) {
            return List.of();
        }
        List<String> hosts = self.config().resource(resource).map(rc -> rc.hosts().stream().map(h -> h.name())
                .toList()).orElse(List.of());
        List<NodeView> out = new ArrayList<>();
        for (NodeView v : s.nodes()) {
            if (!v.node().equals(self.node()) && !v.isLive() && v.resource(resource).isEmpty()
                    && (hosts.contains(v.node()) || v.drbdHost() != null && hosts.contains(v.drbdHost()))) {
                out.add(v);
            }
        }
        return out;
    }

    private static NodeBox box(NodeView v) {
        String versions = (v.kernel() == null || v.kernel().version() == null ? "DRBD ?" : "DRBD "
                + v.kernel().version()) + (v.utils() == null ? "" : " · utils " + v.utils().utilsVersion());
        int primary = 0;
        int degraded = 0;
        int syncing = 0;
        for (ResourceState r : v.resources()) {
            primary += r.role().is(Role.PRIMARY) ? 1 : 0;
            if (r.resyncRuns()) {
                syncing++;
            } else if (degraded(r)) {
                degraded++;
            }
        }
        boolean stale = v.freshness() == NodeView.Freshness.STALE;
        return new NodeBox(v.node(), versions, v.freshness(), v.resources().size(), primary,
                v.resources().size() - primary, degraded, syncing, stale);
    }

    /** A disk that is not UpToDate (a diskless client's excepted) or a connection that is not Connected. */
    static boolean degraded(ResourceState r) {
        for (DeviceState d : r.devices()) {
            if (!d.disk().is(DiskState.UP_TO_DATE) && !(d.disk().is(DiskState.DISKLESS)
                    && Boolean.TRUE.equals(d.client()))) {
                return true;
            }
        }
        return r.devices().isEmpty() || r.connections().isEmpty() || r.connections().stream()
                .anyMatch(c -> c.connection().value() != CState.CONNECTED);
    }

    /** Sums the links of one pair. */
    private static final class Acc {
        final String a;
        final String b;
        int ok;
        int syncing;
        Double leastDone;
        final Map<String, Integer> other = new LinkedHashMap<>();
        Look look = Look.OK;
        final List<String> resources = new ArrayList<>();

        Acc(String a, String b) {
            this.a = a;
            this.b = b;
        }

        void add(String resource, ResourceTopology.Link l) {
            resources.add(resource);
            Look now;
            if (l.state() == ResourceTopology.LinkState.CONNECTED) {
                if (l.resyncing()) {
                    syncing++;
                    Double p = l.progress() == null ? null : l.progress().percent();
                    if (p != null && (leastDone == null || p < leastDone)) {
                        leastDone = p;
                    }
                    now = Look.SYNC;
                } else {
                    ok++;
                    now = Look.OK;
                }
            } else {
                now = switch (l.state()) {
                    case CONNECTING -> Look.WARNING;
                    case UNKNOWN -> Look.STALE;
                    default -> Look.DANGER;
                };
                other.merge(words(l), 1, Integer::sum);
            }
            if (now.compareTo(look) > 0) {
                look = now;
            }
        }

        /** The states as the two ends said them: "WFConnection", "StandAlone/WFConnection", "unknown". */
        private static String words(ResourceTopology.Link l) {
            if (l.state() == ResourceTopology.LinkState.UNKNOWN) {
                return "unknown";
            }
            Set<String> said = new LinkedHashSet<>();
            if (l.aSays() != null) {
                said.add(l.aSays());
            }
            if (l.bSays() != null) {
                said.add(l.bSays());
            }
            said.remove("Connected");
            return said.isEmpty() ? l.state().name().toLowerCase(Locale.ROOT) : String.join("/", said.stream()
                    .sorted().toList());
        }

        Pair pair() {
            return new Pair(a, b, ok, syncing, leastDone, other, look, resources);
        }
    }
}
