// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.ClusterMatrix;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.ResourceState;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * The tree of clusters → nodes → resources, each with a status badge (ok, warning, danger, stale), and a filter. It is
 * updated in place, so expansion and selection survive refreshes. A collapsed node's resources are only built when it
 * opens (nodes can hold thousands), and a filtered list shows at most {@link #LIST_CAP} entries per node.
 */
public final class NavigatorView {

    static final int LIST_CAP = 300;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final WorkspaceViewModel vm;
    private final StackPane root;
    private final TreeView<NavItem> tree;
    private final TextField filter = new TextField();
    private final TreeItem<NavItem> clusters = new TreeItem<>(new NavItem(NavItem.Kind.CLUSTER, "", null, null,
            "Clusters", null, false, -1));
    private final Map<String, TreeItem<NavItem>> items = new HashMap<>();
    private boolean selecting;
    /** While a rebuild runs: what it opens and closes is not the user's doing. */
    private boolean building;
    /** Node entries that already rebuild their cluster when opened. */
    private final Set<TreeItem<NavItem>> lazy = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Node entries the filter opened: they close again when a filter no longer asks for them. */
    private final Set<TreeItem<NavItem>> opened = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The filter each cluster was last built with: the filter opens and closes nodes only when it changes. */
    private final Map<String, NavFilter> builtWith = new HashMap<>();
    private final NavigatorEntries entries = new NavigatorEntries();

    public NavigatorView(WorkspaceViewModel vm) {
        this.vm = vm;
        clusters.setExpanded(true);
        tree = new TreeView<>(clusters);
        tree.setShowRoot(false);
        tree.setId("navigator-tree");
        tree.setCellFactory(t -> new NavigatorCell());
        Label empty = new Label("No clusters yet.\nFile → Connections… (Ctrl+K) adds one.");
        empty.getStyleClass().add("placeholder");
        empty.setId("navigator-empty");
        empty.visibleProperty().bind(Bindings.isEmpty(clusters.getChildren()));
        empty.setMouseTransparent(true);
        Label header = new Label("CLUSTERS");
        header.getStyleClass().add("pane-header");
        filter.setId("navigator-filter");
        filter.setPromptText("Filter nodes and resources (Ctrl+F)");
        filter.textProperty().bindBidirectional(vm.filterProperty());
        ToggleButton problems = new ToggleButton(null, new FontIcon(Material2AL.ERROR_OUTLINE));
        problems.setId("navigator-problems");
        problems.setTooltip(new Tooltip("Show only what has a warning, a danger, or is stale"));
        problems.selectedProperty().bindBidirectional(vm.problemsOnlyProperty());
        HBox filterRow = new HBox(4, filter, problems);
        HBox.setHgrow(filter, Priority.ALWAYS);
        VBox box = new VBox(4, header, filterRow, ScopeBar.of(vm), tree);
        VBox.setVgrow(tree, Priority.ALWAYS);
        root = new StackPane(box, empty);
        root.setMinWidth(220);

        vm.clusters().addListener((ListChangeListener<ClusterEntry>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(e -> {
                    TreeItem<NavItem> it = items.remove(clusterKey(e.name()));
                    clusters.getChildren().remove(it);
                    items.keySet().removeIf(k -> k.contains("/" + e.name() + "/"));
                    entries.forget(e.name());
                    lazy.removeIf(i -> e.name().equals(i.getValue().cluster()));
                    opened.removeIf(i -> e.name().equals(i.getValue().cluster()));
                    builtWith.remove(e.name());
                });
                c.getAddedSubList().forEach(this::watch);
            }
        });
        vm.clusters().forEach(this::watch);
        vm.filterProperty().addListener(o -> refreshAll());
        vm.problemsOnlyProperty().addListener(o -> refreshAll());
        vm.scopeProperty().addListener(o -> refreshAll());
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && !selecting && now.getValue().kind() != NavItem.Kind.MORE) {
                NavItem i = now.getValue();
                vm.selectionProperty().set(new WorkspaceViewModel.Selection(i.cluster(), i.node(), i.resource()));
            }
        });
        vm.selectionProperty().addListener((obs, old, now) -> reveal(now));
    }

    public Node node() {
        return root;
    }

    public TreeView<NavItem> tree() {
        return tree;
    }

    public TextField filterField() {
        return filter;
    }

    private void watch(ClusterEntry e) {
        e.matrixProperty().addListener(o -> refresh(e)); // set last in each update, state and progress included
        e.driftProperty().addListener(o -> refresh(e));
        refresh(e);
    }

    private void refreshAll() {
        vm.clusters().forEach(this::refresh);
    }

    private static String clusterKey(String cluster) {
        return new NavItem(NavItem.Kind.CLUSTER, cluster, null, null, "", null, false, -1).key();
    }

    /**
     * Rebuilds one cluster's entries from its latest snapshot; FX thread. A rebuild moves the tree's selection by
     * index when entries come and go (a filter, the map's narrowing): that is not the user choosing, so the workspace's
     * selection stays and the tree shows it again (or nothing, when it is filtered out).
     */
    void refresh(ClusterEntry e) {
        boolean was = selecting;
        boolean wasBuilding = building;
        selecting = true;
        building = true;
        try {
            rebuild(e);
        } finally {
            selecting = was;
            building = wasBuilding;
        }
        if (!was) {
            WorkspaceViewModel.Selection sel = vm.selectionProperty().get();
            reveal(sel);
            TreeItem<NavItem> cur = tree.getSelectionModel().getSelectedItem();
            if (cur != null && (sel == null || !sel.equals(new WorkspaceViewModel.Selection(cur.getValue().cluster(),
                    cur.getValue().node(), cur.getValue().resource())))) {
                selecting = true;
                try {
                    tree.getSelectionModel().clearSelection();
                } finally {
                    selecting = false;
                }
            }
        }
    }

    private void rebuild(ClusterEntry e) {
        ClusterSnapshot s = e.snapshotProperty().get();
        ClusterMatrix d = e.matrixProperty().get();
        if (s == null || d == null || vm.clusters().indexOf(e) < 0) { // a late update of a cluster just removed
            return;
        }
        NavFilter f = NavFilter.of(vm.filterProperty().get(), vm.problemsOnlyProperty().get(),
                vm.scopeProperty().get(), e.name());
        boolean filtering = f.narrows();
        boolean newFilter = !f.equals(builtWith.put(e.name(), f));
        double progress = e.progressProperty().get() < 1 ? e.progressProperty().get() : -1;
        Severity worst = s.worst().filter(w -> w != Severity.INFO).orElse(null);
        TreeItem<NavItem> cluster = item(clusters, new NavItem(NavItem.Kind.CLUSTER, e.name(), null, null,
                e.name() + "  · " + e.statusTextProperty().get(), worst, d.live() < d.nodes().size() && progress < 0,
                progress), vm.clusters().indexOf(e));
        cluster.setExpanded(cluster.isExpanded() || s.nodes().size() <= 8);
        Set<TreeItem<NavItem>> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(cluster.getChildren());
        List<TreeItem<NavItem>> nodes = new ArrayList<>();
        for (int col = 0; col < s.nodes().size(); col++) {
            NodeView n = s.nodes().get(col);
            if (f.scope() != null && !f.scope().shows(n.node(), null)) {
                continue;
            }
            boolean nodeMatches = f.named(n.node());
            List<ResourceState> shown = new ArrayList<>();
            int matching = filtering ? 0 : n.resources().size();
            TreeItem<NavItem> known = items.get(nodeKey(e.name(), n.node()));
            // Unfiltered, a closed node needs no look at its resources: thousands of nodes stay cheap.
            boolean look = filtering || known != null && known.isExpanded();
            for (ResourceState r : !look ? List.<ResourceState>of() : nodeMatches ? n.resources()
                    : entries.named(e.name(), n, f, col < d.columns().size() ? d.columns().get(col) : null)) {
                if ((!f.problems() || NavigatorEntries.bad(d, r, col))
                        && (f.scope() == null || f.scope().shows(n.node(), r.name()))) {
                    matching += filtering ? 1 : 0;
                    if (shown.size() < (filtering ? LIST_CAP : 10 * LIST_CAP)) {
                        shown.add(r);
                    }
                }
            }
            boolean stale = n.freshness() == NodeView.Freshness.STALE;
            if (filtering && matching == 0 && !(nodeMatches && !f.problems()) && !(f.problems() && stale)) {
                continue;
            }
            String label = n.node() + (stale ? "  (unreachable since " + TIME.format(n.since()) + ")"
                    : n.freshness() == NodeView.Freshness.CONNECTING ? "  (connecting)" : "")
                    + "   " + (filtering ? matching + "/" : "") + n.resources().size();
            TreeItem<NavItem> nodeItem = item(new NavItem(NavItem.Kind.NODE, e.name(), n.node(), null, label,
                    d.nodeWorst().get(n.node()), stale, -1));
            nodes.add(nodeItem);
            if (newFilter || !before.contains(nodeItem)) {
                // a filter opens a node with a few matches, and closes what it opened once it asks no more
                boolean few = filtering && matching > 0 && matching <= 50;
                if (few && !nodeItem.isExpanded()) {
                    nodeItem.setExpanded(true);
                    opened.add(nodeItem);
                } else if (!few && opened.remove(nodeItem)) {
                    nodeItem.setExpanded(false);
                }
            }
            if (lazy.add(nodeItem)) {
                nodeItem.expandedProperty().addListener((o, was, is) -> {
                    if (!building) { // the user's choice: the filter no longer closes it
                        opened.remove(nodeItem);
                        if (is) {
                            refresh(e); // a closed node's entries are built on opening
                        }
                    }
                });
            }
            List<TreeItem<NavItem>> kids = new ArrayList<>();
            if (!nodeItem.isExpanded() && !n.resources().isEmpty()) {
                kids.add(NavigatorEntries.moreItem(nodeItem, e.name(), n.node(), "…")); // keeps the expand arrow
            } else {
                NavigatorEntries.resources(e, d, n, col, nodeItem, shown, kids);
                if (matching > shown.size()) {
                    kids.add(NavigatorEntries.moreItem(nodeItem, e.name(), n.node(), "… " + (matching - shown.size())
                            + " more: narrow the filter, or use the overview"));
                }
            }
            NavigatorEntries.setChildren(nodeItem, kids);
        }
        NavigatorEntries.setChildren(cluster, nodes);
    }

    private static String nodeKey(String cluster, String node) {
        return new NavItem(NavItem.Kind.NODE, cluster, node, null, "", null, false, -1).key();
    }

    /** A cluster's or a node's entry, kept across rebuilds and filters. */
    private TreeItem<NavItem> item(NavItem value) {
        TreeItem<NavItem> it = NavigatorEntries.valued(items.get(value.key()), value);
        items.putIfAbsent(value.key(), it);
        return it;
    }

    private TreeItem<NavItem> item(TreeItem<NavItem> parent, NavItem value, int index) {
        TreeItem<NavItem> it = item(value);
        List<TreeItem<NavItem>> kids = parent.getChildren();
        if (index >= kids.size()) {
            if (it.getParent() != null && it.getParent() != parent) {
                it.getParent().getChildren().remove(it);
            }
            kids.remove(it);
            kids.add(it);
        } else if (kids.get(index) != it) {
            kids.remove(it);
            kids.add(Math.min(index, kids.size()), it);
        }
        return it;
    }

    /** Selects and shows the entry of a selection made elsewhere (the overview), opening its node. */
    private void reveal(WorkspaceViewModel.Selection sel) {
        if (sel == null) {
            return;
        }
        TreeItem<NavItem> cur = tree.getSelectionModel().getSelectedItem();
        if (cur != null && sel.equals(new WorkspaceViewModel.Selection(cur.getValue().cluster(), cur.getValue().node(),
                cur.getValue().resource()))) {
            return;
        }
        TreeItem<NavItem> n = sel.node() == null ? null : items.get(nodeKey(sel.cluster(), sel.node()));
        if (n != null && !n.isExpanded()) {
            n.setExpanded(true); // builds its entries
        }
        TreeItem<NavItem> it = sel.node() == null ? sel.resource() == null ? items.get(clusterKey(sel.cluster())) : null
                : sel.resource() == null || n == null ? n
                : n.getChildren().stream().filter(k -> sel.resource().equals(k.getValue().resource())).findFirst()
                .orElse(null);
        if (it != null) {
            selecting = true;
            try {
                tree.getSelectionModel().select(it);
                int row = tree.getRow(it);
                if (row >= 0) {
                    tree.scrollTo(Math.max(0, row - 3));
                }
            } finally {
                selecting = false;
            }
        }
    }
}
