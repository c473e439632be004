// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ops.workload.Workloads;
import io.drbdpilot.ui.task.UiTasks;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The VMs and services on DRBD of the selected node (or cluster, or the ones on the selected resource), found over SSH
 * when the tab is shown ({@link Workloads}), each with "Migrate…". Enter or a double click migrates the selected one.
 */
public final class WorkloadsPanel {

    private final TableView<Workload> table = new TableView<>();
    private final Label status = new Label("Open this tab to look for VMs and services.");
    private final ProgressIndicator busy = new ProgressIndicator();
    private final Button search = new Button("_Search again");
    private final Button migrate = new Button("_Migrate…");
    private final VBox root;
    private final UiTasks tasks;
    private Consumer<String> onMigrate = w -> { };
    private ClusterEntry cluster;
    private String node;
    private String resource;
    private Workloads.Found last;
    private boolean shown;
    private int generation;

    public WorkloadsPanel(UiTasks tasks) {
        this.tasks = tasks;
        table.setId("workloads-table");
        table.getColumns().addAll(List.of(col("Kind", w -> w.kind().label(), 100), col("Name", Workload::name, 160),
                col("Runs on", Workload::node, 90), col("DRBD resources", w -> String.join(", ", w.resources()), 160),
                col("State", w -> w.running() ? "running" : "not running", 90),
                col("Units", w -> String.join(", ", w.units()), 160)));
        table.setPlaceholder(new Label("No VM or mounted filesystem on DRBD here."));
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                migrateSelected();
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                migrateSelected();
            }
        });
        search.setId("workloads-search");
        migrate.setId("workloads-migrate");
        search.setOnAction(e -> discover());
        migrate.setOnAction(e -> migrateSelected());
        migrate.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        busy.setPrefSize(18, 18);
        busy.setVisible(false);
        status.setId("workloads-status");
        status.getStyleClass().add("text-muted");
        HBox bar = new HBox(8, migrate, search, busy, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(table, Priority.ALWAYS);
        root = new VBox(8, bar, table);
    }

    private static TableColumn<Workload, String> col(String name, Function<Workload, String> f,
            double width) {
        TableColumn<Workload, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    public Node node() {
        return root;
    }

    public TableView<Workload> table() {
        return table;
    }

    /** What "Migrate…" does with the chosen workload's name. */
    public void setOnMigrate(Consumer<String> action) {
        onMigrate = action;
    }

    private void migrateSelected() {
        Workload w = table.getSelectionModel().getSelectedItem();
        if (w != null) {
            onMigrate.accept(w.name());
        }
    }

    /** The selection changed; FX thread. */
    void select(ClusterEntry e, String node, String resource) {
        boolean other = e != cluster;
        cluster = e;
        this.node = node;
        this.resource = resource;
        if (other) {
            last = null;
        }
        if (shown && last == null) {
            discover();
        } else {
            show();
        }
    }

    /** The tab is shown or hidden; it searches when first shown. */
    void setShown(boolean on) {
        shown = on;
        if (on && last == null) {
            discover();
        }
    }

    private void discover() {
        if (cluster == null) {
            return;
        }
        ClusterEntry e = cluster;
        int gen = ++generation;
        busy.setVisible(true);
        status.setText("Looking for VMs and services on DRBD on every node of " + e.name() + "…");
        e.discoverWorkloads(tasks, f -> {
            if (gen == generation && e == cluster) {
                last = f;
                busy.setVisible(false);
                show();
            }
        }, why -> {
            busy.setVisible(false);
            status.setText(why);
        });
    }

    private void show() {
        if (last == null) {
            table.getItems().clear();
            return;
        }
        List<Workload> ws = last.workloads().stream().filter(w -> resource != null ? w.resources().contains(resource)
                : node == null || w.node().equals(node)).toList();
        table.getItems().setAll(ws);
        if (!ws.isEmpty() && table.getSelectionModel().getSelectedItem() == null) {
            table.getSelectionModel().select(0);
        }
        status.setText(ws.size() + (ws.size() == 1 ? " workload" : " workloads") + (resource != null ? " on "
                + resource : node != null ? " on " + node : " in the cluster") + (last.errors().isEmpty() ? ""
                : "; not read: " + String.join(", ", last.errors().keySet())) + (last.skipped().isEmpty() ? ""
                : "; " + last.skipped().size() + " left out (odd names): " + String.join("; ", last.skipped())) + ".");
    }
}
