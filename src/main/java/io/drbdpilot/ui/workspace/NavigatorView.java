// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.ClusterMatrix;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.StateWords;
import io.drbdpilot.drbd.model.ResourceState;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

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
    /** Node entries that already rebuild their cluster when opened. */
    private final Set<TreeItem<NavItem>> lazy = Collections.newSetFromMap(
            new IdentityHashMap<>());

    public NavigatorView(WorkspaceViewModel vm) {
        this.vm = vm;
        clusters.setExpanded(true);
        tree = new TreeView<>(clusters);
        tree.setShowRoot(false);
        tree.setId("navigator-tree");
        tree.setCellFactory(t -> new Cell());
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
                    lazy.removeIf(i -> e.name().equals(i.getValue().cluster()));
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
        selecting = true;
        try {
            rebuild(e);
        } finally {
            selecting = was;
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
        String f = vm.filterProperty().get() == null ? "" : vm.filterProperty().get().strip().toLowerCase(Locale.ROOT);
        boolean problems = vm.problemsOnlyProperty().get();
        WorkspaceViewModel.Scope scope = vm.scopeProperty().get();
        if (scope != null && !scope.cluster().equals(e.name())) {
            scope = null;
        }
        boolean filtering = !f.isEmpty() || problems || scope != null;
        double progress = e.progressProperty().get() < 1 ? e.progressProperty().get() : -1;
        Severity worst = s.worst().filter(w -> w != Severity.INFO).orElse(null);
        TreeItem<NavItem> cluster = item(clusters, new NavItem(NavItem.Kind.CLUSTER, e.name(), null, null,
                e.name() + "  · " + e.statusTextProperty().get(), worst, d.live() < d.nodes().size() && progress < 0,
                progress), vm.clusters().indexOf(e));
        cluster.setExpanded(cluster.isExpanded() || s.nodes().size() <= 8);
        int i = 0;
        for (int col = 0; col < s.nodes().size(); col++) {
            NodeView n = s.nodes().get(col);
            if (scope != null && !scope.shows(n.node(), null)) {
                continue;
            }
            boolean nodeMatches = f.isEmpty() || n.node().toLowerCase(Locale.ROOT).contains(f);
            List<ResourceState> shown = new ArrayList<>();
            int matching = filtering ? 0 : n.resources().size();
            TreeItem<NavItem> known = items.get(new NavItem(NavItem.Kind.NODE, e.name(), n.node(), null, "", null,
                    false, -1).key());
            // Unfiltered, a closed node needs no look at its resources: thousands of nodes stay cheap.
            boolean look = filtering || known != null && known.isExpanded();
            for (ResourceState r : look ? n.resources() : List.<ResourceState>of()) {
                boolean nameOk = nodeMatches || r.name().toLowerCase(Locale.ROOT).contains(f);
                int row = d.rowOf(r.name());
                ClusterMatrix.Cell cell = row < 0 ? ClusterMatrix.Cell.OK : d.cell(row, col);
                boolean bad = cell == ClusterMatrix.Cell.WARNING || cell == ClusterMatrix.Cell.DANGER
                        || cell == ClusterMatrix.Cell.STALE;
                if (nameOk && (!problems || bad) && (scope == null || scope.shows(n.node(), r.name()))) {
                    matching += filtering ? 1 : 0;
                    if (shown.size() < (filtering ? LIST_CAP : 10 * LIST_CAP)) {
                        shown.add(r);
                    }
                }
            }
            boolean stale = n.freshness() == NodeView.Freshness.STALE;
            if (filtering && matching == 0 && !(nodeMatches && !problems) && !(problems && stale)) {
                continue;
            }
            String label = n.node() + (stale ? "  (unreachable since " + TIME.format(n.since()) + ")"
                    : n.freshness() == NodeView.Freshness.CONNECTING ? "  (connecting)" : "")
                    + "   " + (filtering ? matching + "/" : "") + n.resources().size();
            TreeItem<NavItem> nodeItem = item(cluster, new NavItem(NavItem.Kind.NODE, e.name(), n.node(), null, label,
                    d.nodeWorst().get(n.node()), stale, -1), i++);
            if (filtering && !nodeItem.isExpanded() && matching > 0 && matching <= 50) {
                nodeItem.setExpanded(true);
            }
            if (!nodeItem.isExpanded() && !n.resources().isEmpty()) {
                // One placeholder keeps the expand arrow; the real entries are built on opening.
                if (nodeItem.getChildren().size() != 1) {
                    nodeItem.getChildren().setAll(new TreeItem<>(more(e.name(), n.node(), "…")));
                }
                if (lazy.add(nodeItem)) {
                    nodeItem.expandedProperty().addListener((o, was, is) -> {
                        if (is) {
                            refresh(e);
                        }
                    });
                }
                continue;
            }
            int j = 0;
            for (ResourceState r : shown) {
                int row = d.rowOf(r.name());
                ClusterMatrix.Cell cell = row < 0 ? ClusterMatrix.Cell.OK : d.cell(row, col);
                String drift = e.driftProperty().get().get(r.name());
                Severity badge = drift != null && badge(cell) == null ? Severity.WARNING : badge(cell);
                item(nodeItem, new NavItem(NavItem.Kind.RESOURCE, e.name(), n.node(), r.name(),
                        r.name() + (drift == null ? "" : "  (config drift)") + "   " + summary(n, r), badge,
                        cell == ClusterMatrix.Cell.STALE, -1, drift == null ? null : "Configuration drift: " + drift
                        + " (Operations → Apply the configuration, or drbd-pilot status --config)"), j++);
            }
            if (matching > shown.size()) {
                TreeItem<NavItem> m = new TreeItem<>(more(e.name(), n.node(), "… " + (matching - shown.size())
                        + " more: narrow the filter, or use the overview"));
                if (nodeItem.getChildren().size() > j) {
                    nodeItem.getChildren().set(j, m);
                } else {
                    nodeItem.getChildren().add(m);
                }
                j++;
            }
            trim(nodeItem, j);
        }
        trim(cluster, i);
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

    /** A resource's state in a few words, in its node's words: "Primary · UpToDate · WFConnection" on 8.4. */
    public static String summary(NodeView n, ResourceState r) {
        boolean v84 = StateWords.speaks84(n.kernel());
        String disk = r.devices().isEmpty() ? "down" : r.devices().get(0).disk().raw();
        String conn = r.connections().stream().filter(c -> !c.connection().is(CState.CONNECTED))
                .map(c -> StateWords.connection(c, v84)).findFirst().map(x -> " · " + x).orElse("");
        String sync = r.resyncRuns() ? " · syncing" : "";
        return r.role().raw() + " · " + disk + conn + sync;
    }

    private TreeItem<NavItem> item(TreeItem<NavItem> parent, NavItem value, int index) {
        TreeItem<NavItem> it = items.get(value.key());
        if (it == null) {
            it = new TreeItem<>(value);
            items.put(value.key(), it);
        } else if (!it.getValue().equals(value)) {
            it.setValue(value);
        }
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

    private static void trim(TreeItem<NavItem> parent, int size) {
        if (parent.getChildren().size() > size) {
            parent.getChildren().remove(size, parent.getChildren().size());
        }
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
        if (sel.node() != null) {
            TreeItem<NavItem> n = items.get(new NavItem(NavItem.Kind.NODE, sel.cluster(), sel.node(), null, "", null,
                    false, -1).key());
            if (n != null && !n.isExpanded()) {
                n.setExpanded(true);
            }
        }
        NavItem.Kind kind = sel.resource() != null ? NavItem.Kind.RESOURCE : sel.node() != null ? NavItem.Kind.NODE
                : NavItem.Kind.CLUSTER;
        TreeItem<NavItem> it = items.get(new NavItem(kind, sel.cluster(), sel.node(), sel.resource(), "", null, false,
                -1).key());
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

    /** A label with a coloured badge, or a spinner while the cluster connects. */
    private static final class Cell extends TreeCell<NavItem> {
        @Override
        protected void updateItem(NavItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                setId(null);
                setAccessibleText(null);
                return;
            }
            setText(item.label());
            if (item.kind() == NavItem.Kind.MORE) {
                setGraphic(null);
                getStyleClass().add("text-muted");
                setTooltip(null);
                return;
            }
            getStyleClass().remove("text-muted");
            if (item.progress() >= 0) {
                ProgressIndicator p = new ProgressIndicator(item.progress() == 0 ? -1 : item.progress());
                p.setPrefSize(16, 16);
                p.getStyleClass().add("nav-progress");
                setGraphic(p);
            } else {
                // the shape says the state too, not the colour alone: a warning triangle, a danger sign, a cloud
                // crossed out for a node that cannot be read; otherwise what the entry is
                FontIcon icon = new FontIcon(switch (item.badgeClass()) {
                    case "badge-danger" -> Material2AL.ERROR;
                    case "badge-warning" -> Material2MZ.WARNING;
                    case "badge-stale" -> Material2AL.CLOUD_OFF;
                    default -> switch (item.kind()) {
                        case CLUSTER -> Material2AL.DEVICE_HUB;
                        case NODE -> Material2MZ.STORAGE;
                        default -> Material2MZ.SYNC_ALT;
                    };
                });
                icon.getStyleClass().addAll("badge", item.badgeClass());
                setGraphic(icon);
                setAccessibleText(item.label() + ", " + item.badgeText());
            }
            setTooltip(new Tooltip(item.label() + "\n" + item.badgeText() + (item.note() == null ? ""
                    : "\n" + item.note())));
            setId("nav-" + item.kind().name().toLowerCase(Locale.ROOT) + "-"
                    + (item.resource() != null ? item.node() + "-" + item.resource()
                    : item.node() != null ? item.node() : "cluster"));
        }
    }
}
