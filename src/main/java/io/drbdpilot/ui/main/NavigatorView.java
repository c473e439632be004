// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The left tree of clusters → nodes → resources. Until a cluster is added it says so instead of showing nothing. */
public final class NavigatorView {

    private final StackPane root;
    private final TreeView<String> tree;

    public NavigatorView() {
        TreeItem<String> clusters = new TreeItem<>("Clusters");
        clusters.setExpanded(true);
        tree = new TreeView<>(clusters);
        tree.setShowRoot(false);
        tree.setId("navigator-tree");
        Label empty = new Label("No clusters yet.");
        empty.getStyleClass().add("placeholder");
        empty.setId("navigator-empty");
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(clusters.getChildren()));
        empty.setMouseTransparent(true);
        Label header = new Label("CLUSTERS");
        header.getStyleClass().add("pane-header");
        VBox box = new VBox(header, tree);
        javafx.scene.layout.VBox.setVgrow(tree, javafx.scene.layout.Priority.ALWAYS);
        root = new StackPane(box, empty);
        root.setMinWidth(180);
    }

    public Node node() {
        return root;
    }

    public TreeView<String> tree() {
        return tree;
    }
}
