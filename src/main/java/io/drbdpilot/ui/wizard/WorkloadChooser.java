// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ops.workload.Workloads;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The migration wizard's first page: the VMs and services found on DRBD on every node (searched off the UI thread),
 * the resources the chosen one moves with, the target (nodes that hold all of them), live or cold, and more units.
 */
final class WorkloadChooser {

    private final ListView<Workload> workloads = new ListView<>();
    private final Label resources = new Label();
    private final ComboBox<String> target = new ComboBox<>();
    private final ToggleGroup modes = new ToggleGroup();
    private final RadioButton live = new RadioButton("_Live: the VM keeps running (dual-primary for the move)");
    private final RadioButton cold = new RadioButton("C_old: stop it, switch over, start it on the target");
    private final TextField units = new TextField();
    private final Label found = new Label("Looking for VMs and services on DRBD on every node…");
    private final ProgressIndicator finding = new ProgressIndicator();
    private final SimpleBooleanProperty ready = new SimpleBooleanProperty();
    private final ClusterEntry cluster;
    private final ExecutorService worker;
    private final String preselect;
    private final String preselectNode;

    WorkloadChooser(ClusterEntry cluster, ExecutorService worker, String node, String workload) {
        this.cluster = cluster;
        this.worker = worker;
        this.preselect = workload;
        this.preselectNode = node;
        workloads.setId("migration-workloads");
        workloads.setPlaceholder(new VBox(8, finding, found));
        workloads.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Workload w, boolean empty) {
                super.updateItem(w, empty);
                setText(empty || w == null ? null : w.kind().label() + "  " + w.name() + "    on " + w.node()
                        + "    " + String.join(", ", w.resources()) + (w.running() ? "" : "    (not running)")
                        + (w.units().isEmpty() || !w.isVm() && w.name().equals(w.units().get(0))
                                && w.units().size() == 1 ? "" : "    units: " + String.join(", ", w.units())));
            }
        });
        workloads.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> chosen(b));
        resources.setId("migration-resources");
        resources.setWrapText(true);
        target.setId("migration-target");
        live.setId("migration-live");
        cold.setId("migration-cold");
        live.setToggleGroup(modes);
        cold.setToggleGroup(modes);
        units.setId("migration-units");
        units.setPromptText("more units to stop and start with it (that systemd does not link to the mount)");
        target.valueProperty().addListener((o, a, b) -> ready.set(workload() != null && b != null));
    }

    ReadOnlyBooleanProperty ready() {
        return ready;
    }

    Workload workload() {
        return workloads.getSelectionModel().getSelectedItem();
    }

    String target() {
        return target.getValue();
    }

    Migration.Mode mode() {
        return modes.getSelectedToggle() == live ? Migration.Mode.LIVE : Migration.Mode.COLD;
    }

    List<String> extraUnits() {
        return Arrays.stream(units.getText().strip().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** Finds the workloads on every node, off the UI thread. */
    void discover() {
        finding.setVisible(true);
        found.setText("Looking for VMs and services on DRBD on every node…");
        workloads.getItems().clear();
        worker.execute(() -> {
            Workloads.Found f;
            try {
                f = Workloads.discover(cluster.monitor());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                Platform.runLater(() -> {
                    finding.setVisible(false);
                    found.setText("The nodes could not be searched: " + e.getMessage());
                });
                return;
            }
            Platform.runLater(() -> fill(f));
        });
    }

    private void fill(Workloads.Found f) {
        finding.setVisible(false);
        List<Workload> all = f.workloads().stream().sorted((a, b) -> {
            int byNode = Boolean.compare(!a.node().equals(preselectNode), !b.node().equals(preselectNode));
            return byNode != 0 ? byNode : (a.node() + a.name()).compareTo(b.node() + b.name());
        }).toList();
        found.setText(all.isEmpty() ? "No VM and no mounted filesystem uses a DRBD device on " + String.join(", ",
                cluster.monitor().nodeNames()) + "." + (f.errors().isEmpty() ? "" : " Not read: " + f.errors()) : "");
        workloads.getItems().setAll(all);
        Workload pick = preselect == null ? null : all.stream().filter(w -> w.matches(preselect)
                || w.resources().contains(preselect)).findFirst().orElse(null);
        if (pick == null && !all.isEmpty()) {
            pick = all.get(0);
        }
        if (pick != null) {
            workloads.getSelectionModel().select(pick);
            workloads.scrollTo(pick);
        }
        if (!f.errors().isEmpty()) {
            resources.setText("Some nodes could not be read: " + f.errors());
        } else if (!f.skipped().isEmpty()) {
            resources.setText("Left out (" + f.skipped().size() + "): " + String.join("; ", f.skipped()));
        }
    }

    private void chosen(Workload w) {
        target.getItems().clear();
        if (w == null) {
            resources.setText("");
            ready.set(false);
            return;
        }
        resources.setText("Moves together: " + String.join(", ", w.resources()) + (w.mounts().isEmpty() ? ""
                : "; filesystems " + String.join(", ", w.mounts().stream().map(m -> m.path()).toList()))
                + (w.units().isEmpty() ? "" : "; units " + String.join(", ", w.units())) + ".");
        ClusterSnapshot s = cluster.snapshotProperty().get();
        for (String n : cluster.monitor().nodeNames()) {
            NodeView v = s == null ? null : s.node(n).orElse(null);
            if (!n.equals(w.node()) && v != null && w.resources().stream().allMatch(r -> v.resource(r)
                    .map(x -> !x.devices().isEmpty()).orElse(false))) {
                target.getItems().add(n);
            }
        }
        if (!target.getItems().isEmpty()) {
            target.setValue(target.getItems().get(0));
        }
        live.setDisable(!w.canMoveLive());
        modes.selectToggle(w.canMoveLive() ? live : cold);
        units.setDisable(w.isVm());
        ready.set(!target.getItems().isEmpty());
    }

    Node page() {
        Button refresh = new Button("_Search again");
        refresh.setId("migration-refresh");
        refresh.setOnAction(e -> discover());
        Label head = new Label("VMs and services on DRBD, per node:");
        head.setLabelFor(workloads);
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.addRow(0, new Label("Move it to"), target);
        g.addRow(1, new Label("How"), new VBox(4, live, cold));
        g.addRow(2, new Label("With units"), units);
        GridPane.setHgrow(units, Priority.ALWAYS);
        Label help = new Label("Live: DRBD allows two Primaries at runtime for the move only (the configuration is not "
                + "edited), the target is promoted beside the source, the VM migrates, the source is demoted and two "
                + "Primaries are disallowed again, whatever happens. Cold: the workload stops, the verified "
                + "switchover moves each resource (demote first, re-check, promote), and it starts on the target.");
        help.setWrapText(true);
        help.getStyleClass().add("text-muted");
        workloads.setPrefHeight(220);
        VBox.setVgrow(workloads, Priority.ALWAYS);
        return new VBox(8, new HBox(10, head, refresh), workloads, resources, g, help);
    }

}
