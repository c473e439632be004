// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.connect;

import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.event.ActionEvent;
import javafx.event.EventHandler;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The connection manager: clusters on the left, the selected one's name and nodes on the right (double-click a cell
 * to edit it), Test connection, Import from a node, and Save. Nothing is written until Save, and Save refuses an
 * invalid list and says why. Escape closes without saving.
 */
public final class ConnectionsDialog {

    private final ConnectionsViewModel vm;
    private final Consumer<List<ClusterSettings>> save;
    private final Stage stage = new Stage();
    private final ListView<ClusterSettings> list = new ListView<>();
    private final TextField name = new TextField();
    private final TextField identity = new TextField();
    private final TextField knownHosts = new TextField();
    private final TableView<NodeSettings> nodes = new TableView<>();
    private final ListView<String> results = new ListView<>();
    private final Label problems = new Label();
    private boolean updating;

    /** @param save receives the new list when the user saves it (valid) */
    public ConnectionsDialog(Window owner, ConnectionsViewModel vm, Consumer<List<ClusterSettings>> save) {
        this.vm = vm;
        this.save = save;
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Connections");
        list.setId("connections-list");
        list.setItems(vm.clusters());
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ClusterSettings c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.name() + "  (" + c.nodes().size() + " node"
                        + (c.nodes().size() == 1 ? "" : "s") + ")");
            }
        });
        list.getSelectionModel().selectedIndexProperty().addListener((o, was, is) -> showSelected());
        list.setPrefWidth(220);
        Button add = button("Add cluster", "conn-add-cluster", e -> list.getSelectionModel().select(vm.addCluster()));
        Button remove = button("Remove", "conn-remove-cluster", e -> {
            int i = list.getSelectionModel().getSelectedIndex();
            if (i >= 0) {
                vm.remove(i);
            }
        });
        Button imp = button("Import from a node…", "conn-import", e -> importDialog());
        VBox left = new VBox(6, new Label("Clusters"), list, new HBox(6, add, remove), imp);
        VBox.setVgrow(list, Priority.ALWAYS);

        name.setId("conn-name");
        name.setPromptText("Cluster name");
        name.textProperty().addListener((o, was, is) -> edit(c -> c.withName(is)));
        identity.setId("conn-identity");
        identity.setPromptText("default: ssh_config's and the agent's keys");
        identity.textProperty().addListener((o, was, is) -> edit(c -> c.withFiles(is, c.knownHostsFile())));
        knownHosts.setId("conn-known-hosts");
        knownHosts.setPromptText("default: ~/.ssh/known_hosts");
        knownHosts.textProperty().addListener((o, was, is) -> edit(c -> c.withFiles(c.identityFile(), is)));
        Label identityLabel = new Label("Identity _file");
        identityLabel.setMnemonicParsing(true);
        identityLabel.setLabelFor(identity);
        Label knownHostsLabel = new Label("_known_hosts");
        knownHostsLabel.setMnemonicParsing(true);
        knownHostsLabel.setLabelFor(knownHosts);
        GridPane files = new GridPane(8, 6);
        files.addRow(0, identityLabel, identity);
        files.addRow(1, knownHostsLabel, knownHosts);
        GridPane.setHgrow(identity, Priority.ALWAYS);
        GridPane.setHgrow(knownHosts, Priority.ALWAYS);
        nodes.setId("conn-nodes");
        nodes.setEditable(true);
        nodes.getColumns().add(editable("Node", NodeSettings::name, 140,
                (n, v) -> new NodeSettings(v.strip(), n.target(), n.sudo())));
        nodes.getColumns().add(editable("SSH target (user@host:port or alias)", NodeSettings::target, 300,
                (n, v) -> new NodeSettings(n.name(), v.strip(), !v.strip().startsWith("root@"))));
        nodes.setPlaceholder(new Label("No nodes. Add one, or import the cluster from one node."));
        Button addNode = button("Add node", "conn-add-node", e -> edit(c -> {
            List<NodeSettings> ns = new ArrayList<>(c.nodes());
            ns.add(new NodeSettings("node-" + (ns.size() + 1), "root@", false));
            return c.withNodes(ns);
        }));
        Button removeNode = button("Remove node", "conn-remove-node", e -> {
            int i = nodes.getSelectionModel().getSelectedIndex();
            if (i >= 0) {
                edit(c -> {
                    List<NodeSettings> ns = new ArrayList<>(c.nodes());
                    ns.remove(i);
                    return c.withNodes(ns);
                });
            }
        });
        ProgressIndicator busy = new ProgressIndicator(-1);
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        Button test = button("Test connection", "conn-test", e -> test());
        test.disableProperty().bind(vm.busyProperty().or(list.getSelectionModel().selectedItemProperty().isNull()));
        results.setId("conn-results");
        results.setPrefHeight(110);
        results.setPlaceholder(new Label("Test connection logs in to every node and reads its DRBD versions."));
        Label note = new Label("Passwords and passphrases are asked for when needed and never saved (the identity "
                + "file is a path, never the key). Host keys are checked against the known_hosts file above "
                + "(~/.ssh/known_hosts when empty) and /etc/ssh/ssh_known_hosts; a new one is shown to you first.");
        note.setWrapText(true);
        note.getStyleClass().add("text-muted");
        VBox right = new VBox(6, new Label("Name"), name, files, new Label("Nodes"), nodes,
                new HBox(6, addNode, removeNode, test, busy), results, note);
        VBox.setVgrow(nodes, Priority.ALWAYS);

        problems.setId("conn-problems");
        problems.setWrapText(true);
        problems.getStyleClass().add("finding-warning");
        Button saveButton = button("Save", "conn-save", e -> trySave());
        saveButton.setDefaultButton(true);
        Button cancel = button("Cancel", "conn-cancel", e -> stage.close());
        cancel.setCancelButton(true);
        HBox bottom = new HBox(8, problems, new Region(), cancel, saveButton);
        HBox.setHgrow(bottom.getChildren().get(1), Priority.ALWAYS);
        HBox.setHgrow(problems, Priority.SOMETIMES);
        bottom.setAlignment(Pos.CENTER_RIGHT);
        BorderPane root = new BorderPane(right);
        root.setLeft(left);
        root.setBottom(bottom);
        BorderPane.setMargin(left, new Insets(0, 12, 0, 0));
        BorderPane.setMargin(bottom, new Insets(12, 0, 0, 0));
        root.setPadding(new Insets(14));
        root.setId("connections-dialog");
        Scene scene = new Scene(root, 860, 560);
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        right.disableProperty().bind(Bindings.isEmpty(vm.clusters()).or(
                list.getSelectionModel().selectedItemProperty().isNull()));
        if (!vm.clusters().isEmpty()) {
            list.getSelectionModel().select(0);
        }
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
    }

    private static Button button(String text, String id, EventHandler<ActionEvent> h) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(h);
        return b;
    }

    private TableColumn<NodeSettings, String> editable(String title, Function<NodeSettings, String> get,
            double width, BiFunction<NodeSettings, String, NodeSettings> set) {
        TableColumn<NodeSettings, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(get.apply(cd.getValue())));
        c.setCellFactory(TextFieldTableCell.forTableColumn());
        c.setOnEditCommit(ev -> {
            int row = ev.getTablePosition().getRow();
            edit(cl -> {
                List<NodeSettings> ns = new ArrayList<>(cl.nodes());
                ns.set(row, set.apply(ns.get(row), ev.getNewValue() == null ? "" : ev.getNewValue()));
                return cl.withNodes(ns);
            });
        });
        return c;
    }

    private void edit(UnaryOperator<ClusterSettings> change) {
        int i = list.getSelectionModel().getSelectedIndex();
        if (updating || i < 0) {
            return;
        }
        updating = true;
        try {
            vm.replace(i, change.apply(vm.clusters().get(i)));
            list.getSelectionModel().select(i);
            showSelected();
        } finally {
            updating = false;
        }
        problems.setText("");
    }

    private void showSelected() {
        ClusterSettings c = list.getSelectionModel().getSelectedItem();
        boolean was = updating;
        updating = true;
        try {
            if (c == null) {
                name.setText("");
                identity.setText("");
                knownHosts.setText("");
                nodes.getItems().clear();
            } else {
                if (!name.getText().equals(c.name())) {
                    name.setText(c.name());
                }
                if (!identity.getText().strip().equals(Objects.toString(c.identityFile(), ""))) {
                    identity.setText(Objects.toString(c.identityFile(), ""));
                }
                if (!knownHosts.getText().strip().equals(Objects.toString(c.knownHostsFile(), ""))) {
                    knownHosts.setText(Objects.toString(c.knownHostsFile(), ""));
                }
                nodes.getItems().setAll(c.nodes());
            }
        } finally {
            updating = was;
        }
    }

    private void test() {
        ClusterSettings c = list.getSelectionModel().getSelectedItem();
        if (c == null) {
            return;
        }
        results.getItems().setAll("Testing " + c.nodes().size() + " node(s)…");
        vm.test(c, r -> results.getItems().add((r.ok() ? "✔ " : "✘ ") + r.node() + ": " + r.message()),
                () -> results.getItems().set(0, "Test finished."));
    }

    /** Asks for a node to import a cluster from (as the Import button does). */
    public void importDialog() {
        TextInputDialog d = new TextInputDialog("root@");
        d.initOwner(stage);
        d.setTitle("Import a cluster from one node");
        d.setHeaderText("The node's DRBD configuration names every peer. Enter how to reach this one node:");
        d.setContentText("SSH target");
        d.getEditor().setId("import-target");
        d.getDialogPane().setId("import-dialog");
        Optional<String> target = d.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
        target.ifPresent(t -> {
            results.getItems().setAll("Importing from " + t + "…");
            String host = t.contains("@") ? t.substring(t.indexOf('@') + 1) : t;
            vm.importFrom(t, "cluster-" + host.replaceAll("[:\\[\\]]", "-"), i -> {
                list.getSelectionModel().select(i);
                results.getItems().setAll("Imported " + vm.clusters().get(i).nodes().size() + " nodes from " + t
                        + ". Check each SSH target: DRBD host names are not always SSH addresses. Then Test and Save.");
            }, msg -> results.getItems().setAll(msg));
        });
    }

    private void trySave() {
        List<String> p = vm.problems();
        if (!p.isEmpty()) {
            problems.setText(p.get(0) + (p.size() > 1 ? " (and " + (p.size() - 1) + " more)" : ""));
            return;
        }
        save.accept(List.copyOf(vm.clusters()));
        stage.close();
    }
}
