// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.ClusterMatrix;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.ResourceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.TreeItem;

/**
 * The navigator's entries below a node: a resource's entry (its badge, its words, its drift), the entry for what is
 * left out, and each parent's children set in one change. Entries already in the tree are kept, so expansion and
 * selection survive; which names match a filter is kept per node while its view is the same.
 */
final class NavigatorEntries {

    /** cluster/node → the resources that hold the filter's text, for the view they were found in */
    private final Map<String, Names> named = new HashMap<>();

    /** Forgets a closed cluster's nodes. */
    void forget(String cluster) {
        named.keySet().removeIf(k -> k.startsWith(cluster + "/"));
    }

    /**
     * A node's resources whose name holds the filter's text. Kept while the node's view is the same: with a filter
     * set, each update of a big cluster changes a few nodes, not the 200,000 names. Found in the digest's index of the
     * node's names ({@code column}, built off the UI thread) when it is of this view, else name by name.
     */
    List<ResourceState> named(String cluster, NodeView n, NavFilter f, ClusterMatrix.Column column) {
        String key = cluster + "/" + n.node();
        Names had = named.get(key);
        if (had != null && had.view() == n && had.text().equals(f.text())) {
            return had.resources();
        }
        // typing on ("r1", then "r12"): only the names the shorter text matched can match the longer one
        boolean narrowing = had != null && had.view() == n && !had.text().isEmpty()
                && new NavFilter(had.text(), false, null).narrowedBy(f.text());
        List<ResourceState> out = narrowing || column == null || column.view() != n ? null
                : column.names().holding(f.text());
        if (out == null) {
            out = new ArrayList<>();
            for (ResourceState r : narrowing ? had.resources() : n.resources()) {
                if (f.named(r.name())) {
                    out.add(r);
                }
            }
        }
        named.put(key, new Names(n, f.text(), out));
        return out;
    }

    private record Names(NodeView view, String text, List<ResourceState> resources) {
    }

    /** The entries of a node's shown resources, those already in the tree kept (expansion, selection). */
    static void resources(ClusterEntry e, ClusterMatrix d, NodeView n, int col, TreeItem<NavItem> nodeItem,
            List<ResourceState> shown, List<TreeItem<NavItem>> into) {
        Map<String, TreeItem<NavItem>> had = new HashMap<>();
        for (TreeItem<NavItem> k : nodeItem.getChildren()) {
            if (k.getValue().resource() != null) {
                had.put(k.getValue().resource(), k);
            }
        }
        Map<String, String> drifts = e.driftProperty().get();
        for (ResourceState r : shown) {
            int row = d.rowOf(r.name());
            ClusterMatrix.Cell cell = row < 0 ? ClusterMatrix.Cell.OK : d.cell(row, col);
            String drift = drifts.get(r.name());
            Severity badge = drift != null && badge(cell) == null ? Severity.WARNING : badge(cell);
            NavItem value = new NavItem(NavItem.Kind.RESOURCE, e.name(), n.node(), r.name(),
                    r.name() + (drift == null ? "" : "  (config drift)") + "   " + NavItem.summary(n, r), badge,
                    cell == ClusterMatrix.Cell.STALE, -1, drift == null ? null : "Configuration drift: " + drift
                    + " (Operations → Apply the configuration, or drbd-pilot status --config)");
            into.add(valued(had.get(r.name()), value));
        }
    }

    static boolean bad(ClusterMatrix d, ResourceState r, int col) {
        int row = d.rowOf(r.name());
        ClusterMatrix.Cell cell = row < 0 ? ClusterMatrix.Cell.OK : d.cell(row, col);
        return cell == ClusterMatrix.Cell.WARNING || cell == ClusterMatrix.Cell.DANGER
                || cell == ClusterMatrix.Cell.STALE;
    }

    /** The entry that stands for entries left out (or not built yet), one per node, reused. */
    static TreeItem<NavItem> moreItem(TreeItem<NavItem> nodeItem, String cluster, String node, String text) {
        TreeItem<NavItem> had = null;
        for (TreeItem<NavItem> k : nodeItem.getChildren()) {
            if (k.getValue().kind() == NavItem.Kind.MORE) {
                had = k;
            }
        }
        return valued(had, more(cluster, node, text));
    }

    static TreeItem<NavItem> valued(TreeItem<NavItem> had, NavItem value) {
        if (had == null) {
            return new TreeItem<>(value);
        }
        if (!had.getValue().equals(value)) {
            had.setValue(value);
        }
        return had;
    }

    /** Sets a parent's entries in one change, and only when they differ: each change makes the tree count again. */
    static void setChildren(TreeItem<NavItem> parent, List<TreeItem<NavItem>> want) {
        if (!parent.getChildren().equals(want)) {
            parent.getChildren().setAll(want);
        }
    }

    private static NavItem more(String cluster, String node, String text) {
        return new NavItem(NavItem.Kind.MORE, cluster, node, null, text, null, false, -1);
    }

    private static Severity badge(ClusterMatrix.Cell cell) {
        return switch (cell) {
            case DANGER -> Severity.DANGER;
            case WARNING -> Severity.WARNING;
            default -> null;
        };
    }
}
