// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.HealthCheck;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.ui.demo.NavItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The left tree of clusters → nodes → resources, each with a status badge (ok, warning, danger, stale). It is updated
 * in place, so expansion and selection survive refreshes. Until a cluster is there it says so.
 */
public final class NavigatorView {

    private final StackPane root;
    private final TreeView<NavItem> tree;
    private final TreeItem<NavItem> clusters = new TreeItem<>(new NavItem(NavItem.Kind.CLUSTER, null, null,
            "Clusters", null, false));
    private final Map<String, TreeItem<NavItem>> items = new HashMap<>();

    public NavigatorView() {
        clusters.setExpanded(true);
        tree = new TreeView<>(clusters);
        tree.setShowRoot(false);
        tree.setId("navigator-tree");
        tree.setCellFactory(t -> new Cell());
        Label empty = new Label("No clusters yet.");
        empty.getStyleClass().add("placeholder");
        empty.setId("navigator-empty");
        empty.visibleProperty().bind(Bindings.isEmpty(clusters.getChildren()));
        empty.setMouseTransparent(true);
        Label header = new Label("CLUSTERS");
        header.getStyleClass().add("pane-header");
        VBox box = new VBox(header, tree);
        VBox.setVgrow(tree, Priority.ALWAYS);
        root = new StackPane(box, empty);
        root.setMinWidth(200);
    }

    public Node node() {
        return root;
    }

    public TreeView<NavItem> tree() {
        return tree;
    }

    public void onSelect(Consumer<NavItem> listener) {
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                listener.accept(now.getValue());
            }
        });
    }

    /** Shows one cluster's nodes and resources; call on the FX thread. */
    public void show(String clusterName, List<DemoCluster.NodeView> nodes) {
        TreeItem<NavItem> cluster = item(clusters, new NavItem(NavItem.Kind.CLUSTER, null, null, clusterName,
                HealthCheck.worst(nodes.stream().flatMap(n -> n.findings().stream()).toList()).orElse(null),
                false), 0);
        cluster.setExpanded(true);
        List<String> keep = new ArrayList<>();
        int i = 0;
        for (DemoCluster.NodeView n : nodes) {
            TreeItem<NavItem> nodeItem = item(cluster, new NavItem(NavItem.Kind.NODE, n.node(), null,
                    n.up() ? n.node() : n.node() + "  (unreachable)", HealthCheck.worst(n.findings()).orElse(null),
                    !n.up()), i++);
            keep.add(nodeItem.getValue().key());
            int j = 0;
            for (ResourceState r : n.resources()) {
                List<Finding> own = n.findings().stream().filter(f -> r.name().equals(f.resource())).toList();
                TreeItem<NavItem> resItem = item(nodeItem, new NavItem(NavItem.Kind.RESOURCE, n.node(), r.name(),
                        r.name() + "   " + summary(r), HealthCheck.worst(own).orElse(null), false), j++);
                keep.add(resItem.getValue().key());
            }
            trim(nodeItem, j);
        }
        trim(cluster, i);
        items.keySet().removeIf(k -> !keep.contains(k) && !k.startsWith("CLUSTER"));
    }

    private static String summary(ResourceState r) {
        String disk = r.devices().isEmpty() ? "" : r.devices().get(0).disk().raw();
        long notConnected = r.connections().stream().filter(c -> !c.connection().raw().equals("Connected")).count();
        String conn = notConnected == 0 ? "" : " · " + r.connections().stream().map(ConnectionState::connection)
                .map(Object::toString).filter(s -> !s.equals("Connected")).findFirst().orElse("");
        return r.role().raw() + " · " + disk + conn;
    }

    private TreeItem<NavItem> item(TreeItem<NavItem> parent, NavItem value, int index) {
        TreeItem<NavItem> it = items.get(value.key());
        if (it == null) {
            it = new TreeItem<>(value);
            items.put(value.key(), it);
        } else if (!it.getValue().equals(value)) {
            it.setValue(value);
        }
        if (index >= parent.getChildren().size()) {
            parent.getChildren().add(it);
        } else if (parent.getChildren().get(index) != it) {
            parent.getChildren().remove(it);
            parent.getChildren().add(Math.min(index, parent.getChildren().size()), it);
        }
        return it;
    }

    private static void trim(TreeItem<NavItem> parent, int size) {
        if (parent.getChildren().size() > size) {
            parent.getChildren().remove(size, parent.getChildren().size());
        }
    }

    /** A label with a coloured badge in front. */
    private static final class Cell extends TreeCell<NavItem> {
        @Override
        protected void updateItem(NavItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(item.label());
            FontIcon icon = new FontIcon(switch (item.kind()) {
                case CLUSTER -> Material2AL.DEVICE_HUB;
                case NODE -> Material2MZ.STORAGE;
                case RESOURCE -> Material2MZ.SYNC_ALT;
            });
            icon.getStyleClass().addAll("badge", item.badgeClass());
            setGraphic(icon);
            setId("nav-" + item.kind().name().toLowerCase(java.util.Locale.ROOT) + "-"
                    + (item.resource() != null ? item.node() + "-" + item.resource()
                    : item.node() != null ? item.node() : "cluster"));
        }
    }
}
