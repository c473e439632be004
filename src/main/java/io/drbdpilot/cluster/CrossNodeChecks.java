// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.FindingKind;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What no single node can know: each node only sees its own side of a link, so the nodes' views are compared.
 *
 * <p>An instance remembers the views it last compared and the findings per resource, so each evaluation re-checks
 * only the resources whose state changed on some node (views share the records of unchanged resources). Not
 * thread-safe.
 */
public final class CrossNodeChecks {

    private final Map<String, NodeView> lastViews = new HashMap<>();
    /** resource → its cross-node findings; only non-empty lists are kept */
    private final Map<String, List<ClusterFinding>> perResource = new TreeMap<>();
    /**
     * resource → the nodes whose last view has it, kept as views change, so that the holders of a changed resource are
     * found without asking every node: while 200 nodes arrive, asking each about the thousand resources of each
     * arriving node made the arrival quadratic in the nodes.
     */
    private final HolderIndex holding = new HolderIndex();
    /** Nodes by their index in {@link #holding} (an index is never reused), and back. */
    private final List<String> nodeNames = new ArrayList<>();
    private final Map<String, Integer> nodeIds = new HashMap<>();
    /** The nodes in the order of the last call, and those that stood for their host name then (live, not shadowed). */
    private List<String> lastOrder = List.of();
    private Set<String> lastCompared = Set.of();

    public CrossNodeChecks() {
    }

    /** The findings for these views, re-checking only the resources that changed since the last call. */
    public List<ClusterFinding> update(List<NodeView> views) {
        List<ClusterFinding> out = new ArrayList<>();
        Map<String, NodeView> byHost = new LinkedHashMap<>();
        Set<String> dirty = new HashSet<>();
        Map<String, Integer> present = new LinkedHashMap<>(); // node → its place in the order given
        for (NodeView v : views) {
            present.putIfAbsent(v.node(), present.size());
            if (v.freshness() == NodeView.Freshness.STALE) {
                out.add(new ClusterFinding(v.node(), new Finding(Severity.WARNING, FindingKind.NODE_STALE, "-", null,
                        null, v.node() + " cannot be read since " + TimeText.clock(v.since()) + " (" + v.reason() + "). Its last known "
                                + "state is shown, marked stale.",
                        "Check that the node is up and reachable over SSH.")));
            }
            if (v.isLive() && v.drbdHost() != null) {
                byHost.put(v.drbdHost(), v);
            }
            NodeView before = lastViews.put(v.node(), v);
            if (before != v) {
                changedResources(before, v, dirty);
                index(v.node(), before, v);
            }
        }
        for (var it = lastViews.entrySet().iterator(); it.hasNext();) {
            var gone = it.next();
            if (!present.containsKey(gone.getKey())) {
                changedResources(gone.getValue(), null, dirty);
                index(gone.getKey(), gone.getValue(), null);
                it.remove();
            }
        }
        // A resource's findings also depend on which nodes stand for their host names (a node that claims another's
        // host shadows it) and on the nodes' order (the texts name them in it): a change there re-checks their resources.
        List<String> order = new ArrayList<>(present.keySet());
        Set<String> compared = new HashSet<>();
        byHost.values().forEach(v -> compared.add(v.node()));
        boolean reordered = !order.equals(lastOrder);
        for (NodeView v : views) {
            if (reordered || compared.contains(v.node()) != lastCompared.contains(v.node())) {
                v.resources().forEach(r -> dirty.add(r.name()));
            }
        }
        lastOrder = order;
        lastCompared = compared;
        Map<String, Map<String, NodeView>> holders = holders(dirty, byHost, present);
        for (String res : dirty) {
            // Only the nodes that have a resource are compared for it: pairs of all nodes would not scale.
            Map<String, NodeView> having = holders.getOrDefault(res, Map.of());
            List<ClusterFinding> found = new ArrayList<>();
            primaries(res, having, found);
            if (having.size() > 1) {
                links(res, having, byHost, found);
                config(res, having, found);
            }
            if (found.isEmpty()) {
                perResource.remove(res);
            } else {
                perResource.put(res, found);
            }
        }
        perResource.values().forEach(out::addAll);
        versions(byHost, out);
        return out;
    }

    /**
     * For each dirty resource, the live nodes that have it, in the nodes' order, keyed by their DRBD host name: from
     * {@link #holding}, so the cost follows the changed resources and not the size of the cluster.
     */
    private Map<String, Map<String, NodeView>> holders(Set<String> dirty, Map<String, NodeView> byHost,
            Map<String, Integer> order) {
        Map<String, Map<String, NodeView>> out = new HashMap<>();
        List<NodeView> having = new ArrayList<>(4);
        for (String res : dirty) {
            int[] nodes = holding.get(res);
            if (nodes.length == 0) {
                continue;
            }
            having.clear();
            for (int id : nodes) {
                NodeView v = lastViews.get(nodeNames.get(id));
                // a live node, and the one its host name stands for (two nodes that claim one host: the later one)
                if (v != null && v.drbdHost() != null && byHost.get(v.drbdHost()) == v) {
                    having.add(v);
                }
            }
            if (having.isEmpty()) {
                continue;
            }
            having.sort((x, y) -> Integer.compare(order.get(x.node()), order.get(y.node())));
            Map<String, NodeView> m = new LinkedHashMap<>();
            for (NodeView v : having) {
                m.put(v.drbdHost(), v);
            }
            out.put(res, m);
        }
        return out;
    }

    /** Keeps {@link #holding} true when a node's view changes from {@code before} to {@code after} (either null). */
    private void index(String node, NodeView before, NodeView after) {
        Map<String, ResourceState> old = before == null ? Map.of() : before.byName();
        Map<String, ResourceState> now = after == null ? Map.of() : after.byName();
        int id = nodeIds.computeIfAbsent(node, n -> {
            nodeNames.add(n);
            return nodeNames.size() - 1;
        });
        boolean added = false;
        for (String name : now.keySet()) {
            if (!old.containsKey(name)) {
                holding.add(name, id);
                added = true;
            }
        }
        if (!added && old.size() == now.size()) {
            return; // the same names: nothing left either
        }
        for (String name : old.keySet()) {
            if (!now.containsKey(name)) {
                holding.remove(name, id);
            }
        }
    }

    /**
     * Marks the resources whose findings may differ: all of a node's resources when anything but its resources
     * changed (freshness, host name, configuration), otherwise those whose record is not the same instance.
     */
    private void changedResources(NodeView before, NodeView after, Set<String> dirty) {
        boolean sameFrame = before != null && after != null && before.freshness() == after.freshness()
                && Objects.equals(before.drbdHost(), after.drbdHost()) && before.config() == after.config();
        if (!sameFrame) {
            if (before != null) {
                before.resources().forEach(r -> dirty.add(r.name()));
            }
            if (after != null) {
                after.resources().forEach(r -> dirty.add(r.name()));
            }
            return;
        }
        Map<String, ResourceState> old = before.byName();
        boolean any = false;
        for (ResourceState r : after.resources()) {
            if (old.get(r.name()) != r) {
                dirty.add(r.name());
                any = true;
            }
        }
        if (any || old.size() != after.resources().size()) {
            Map<String, ResourceState> now = after.byName();
            old.keySet().forEach(name -> {
                if (!now.containsKey(name)) {
                    dirty.add(name);
                }
            });
        }
    }

    private static Optional<ResourceState> res(NodeView v, String name) {
        return v.resource(name);
    }

    private static void primaries(String res, Map<String, NodeView> byHost, List<ClusterFinding> out) {
        List<String> prim = new ArrayList<>();
        boolean allowed = false;
        for (NodeView v : byHost.values()) {
            if (res(v, res).map(r -> r.role().is(Role.PRIMARY)).orElse(false)) {
                prim.add(v.node());
                allowed |= v.config() != null && v.config().resource(res).map(ResourceConfig::allowTwoPrimaries)
                        .orElse(false);
            }
        }
        if (prim.size() > 1) {
            out.add(new ClusterFinding(null, new Finding(allowed ? Severity.WARNING : Severity.DANGER,
                    FindingKind.DUAL_PRIMARY, res, null, null,
                    res + " is Primary on " + String.join(" and ", prim) + " at the same time"
                            + (allowed ? " (dual-primary is allowed)." : ", although dual-primary is not allowed: "
                            + "the nodes cannot be connected, and both may be writing."),
                    "Unless a live migration is running, demote every Primary but one.")));
        }
    }

    /** The node a connection points at: DRBD 9 names the peer; 8.4 calls it "peer", so the configuration decides. */
    static Optional<NodeView> peerOf(NodeView v, String res, ConnectionState c, Map<String, NodeView> byHost) {
        if (byHost.containsKey(c.name())) {
            return Optional.of(byHost.get(c.name()));
        }
        if (v.config() == null) {
            return Optional.empty();
        }
        return v.config().resource(res).flatMap(rc -> rc.hosts().stream()
                .filter(h -> !h.name().equals(v.drbdHost())).map(h -> byHost.get(h.name()))
                .filter(x -> x != null).findFirst());
    }

    private static Optional<ConnectionState> towards(NodeView from, String res, NodeView to,
            Map<String, NodeView> byHost) {
        return res(from, res).flatMap(r -> r.connections().stream()
                .filter(c -> peerOf(from, res, c, byHost).map(p -> p == to).orElse(false)).findFirst());
    }

    private static void links(String res, Map<String, NodeView> having, Map<String, NodeView> byHost,
            List<ClusterFinding> out) {
        List<NodeView> nodes = new ArrayList<>(having.values());
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                NodeView a = nodes.get(i);
                NodeView b = nodes.get(j);
                Optional<ConnectionState> ab = towards(a, res, b, byHost);
                Optional<ConnectionState> ba = towards(b, res, a, byHost);
                if (ab.isEmpty() || ba.isEmpty()) {
                    continue;
                }
                CState sa = ab.get().connection().value();
                CState sb = ba.get().connection().value();
                String pair = a.node() + " and " + b.node();
                if (sa == CState.STANDALONE && sb == CState.STANDALONE) {
                    out.add(new ClusterFinding(null, new Finding(Severity.DANGER, FindingKind.SPLIT_BRAIN, res, null,
                            null, res + " is StandAlone on both " + pair + ": probably a split brain.",
                            "Check both kernel logs for 'Split-Brain detected', then choose the survivor; on the "
                                    + "victim: drbdadm secondary " + res + "; drbdadm connect --discard-my-data " + res
                                    + "; on the survivor: drbdadm connect " + res + ".")));
                } else if (sa == CState.STANDALONE || sb == CState.STANDALONE) {
                    NodeView lone = sa == CState.STANDALONE ? a : b;
                    NodeView other = lone == a ? b : a;
                    out.add(new ClusterFinding(null, new Finding(Severity.WARNING, FindingKind.STANDALONE, res, null,
                            null, res + " is StandAlone on " + lone.node() + " while " + other.node()
                                    + " waits for it.",
                            "On " + lone.node() + ": drbdadm connect " + res)));
                } else if ((sa == CState.CONNECTED) != (sb == CState.CONNECTED)) {
                    out.add(new ClusterFinding(null, new Finding(Severity.WARNING, FindingKind.VIEWS_DISAGREE, res,
                            null, null, a.node() + " says " + sa.drbdName() + " to " + b.node() + ", but " + b.node()
                                    + " says " + sb.drbdName() + ".",
                            "Usually a moment of transition; if it lasts, one side holds a dead connection: "
                                    + "disconnect and connect " + res + " on it.")));
                } else if (sa == CState.CONNECTED) {
                    Role aSeesB = ab.get().peerRole().value();
                    Role bIs = res(b, res).map(r -> r.role().value()).orElse(Role.UNKNOWN);
                    if (aSeesB != bIs) {
                        out.add(new ClusterFinding(null, new Finding(Severity.WARNING, FindingKind.VIEWS_DISAGREE,
                                res, null, null, a.node() + " sees " + b.node() + " as " + aSeesB.drbdName() + ", but "
                                        + b.node() + " is " + bIs.drbdName() + ".",
                                "Wait for the next state change; if it persists, read both nodes again.")));
                    }
                }
            }
        }
    }

    private static void config(String res, Map<String, NodeView> byHost, List<ClusterFinding> out) {
        ResourceConfig first = null;
        String firstNode = null;
        for (NodeView v : byHost.values()) {
            if (v.config() == null || res(v, res).isEmpty()) {
                continue;
            }
            ResourceConfig c = v.config().resource(res).orElse(null);
            if (c == null) {
                continue;
            }
            ResourceConfig normal = new ResourceConfig(c.name(), null, c.hosts(), c.sections());
            if (first == null) {
                first = normal;
                firstNode = v.node();
            } else if (!first.equals(normal)) {
                out.add(new ClusterFinding(null, new Finding(Severity.WARNING, FindingKind.CONFIG_DIFFERS, res, null,
                        null, "The configuration of " + res + " differs between " + firstNode + " and " + v.node()
                                + ".",
                        "Make /etc/drbd.d/" + res + ".res the same on every node, then run drbdadm adjust -d " + res
                                + " to see what would change.")));
                return;
            }
        }
    }

    private static void versions(Map<String, NodeView> byHost, List<ClusterFinding> out) {
        Set<String> kernels = new LinkedHashSet<>();
        for (NodeView v : byHost.values()) {
            if (v.kernel() != null && v.kernel().version() != null) {
                kernels.add(v.kernel().version());
            }
            if (v.kernel() != null && v.utils() != null && v.utils().kernelVersion() != null
                    && v.kernel().version() != null && !v.kernel().version().startsWith(v.utils().kernelVersion())) {
                out.add(new ClusterFinding(v.node(), new Finding(Severity.WARNING, FindingKind.VERSION_MISMATCH, "-",
                        null, null, v.node() + ": /proc/drbd says kernel " + v.kernel().version() + " but drbdadm "
                                + "sees " + v.utils().kernelVersion() + ".",
                        "Reload the DRBD module or reboot the node so the running module is the installed one.")));
            }
        }
        if (kernels.size() > 1) {
            out.add(new ClusterFinding(null, new Finding(Severity.WARNING, FindingKind.VERSION_MISMATCH, "-", null,
                    null, "The nodes run different DRBD kernel versions: " + String.join(", ", kernels) + ".",
                    "Fine during a rolling upgrade; otherwise bring every node to the same version.")));
        }
    }
}
