// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.workload.Workload;
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
    private final MigrationWizardModel model;
    private boolean filling;

    WorkloadChooser(MigrationWizardModel model) {
        this.model = model;
        model.onFound(this::fill);
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
        workloads.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!filling) {
                model.choose(b);
                chosen();
            }
        });
        resources.setId("migration-resources");
        resources.setWrapText(true);
        target.setId("migration-target");
        live.setId("migration-live");
        cold.setId("migration-cold");
        live.setToggleGroup(modes);
        cold.setToggleGroup(modes);
        units.setId("migration-units");
        units.setPromptText("more units to stop and start with it (that systemd does not link to the mount)");
        target.valueProperty().addListener((o, a, b) -> {
            model.target(b);
            ready.set(model.choiceProblem() == null);
        });
        modes.selectedToggleProperty().addListener((o, a, b) -> model.mode(b == live ? Migration.Mode.LIVE
                : Migration.Mode.COLD));
    }

    ReadOnlyBooleanProperty ready() {
        return ready;
    }

    /** Hands what only the page holds (the extra units) to the model. */
    void collect() {
        model.units(units.getText());
    }

    /** Shows the search's start, or its result with the model's choice selected. */
    private void fill() {
        finding.setVisible(model.searching());
        found.setText(model.foundText());
        filling = true;
        workloads.getItems().setAll(model.found());
        filling = false;
        Workload pick = model.workload();
        if (pick != null) {
            workloads.getSelectionModel().select(pick);
            workloads.scrollTo(pick);
        }
        chosen();
        if (!model.found().isEmpty() && !model.foundText().isEmpty()) {
            resources.setText(model.foundText());
        }
    }

    /** Shows the model's choice: what moves with it, the targets, live or cold. */
    private void chosen() {
        Workload w = model.workload();
        String chosenTarget = model.target();
        Migration.Mode mode = model.mode();
        target.getItems().setAll(model.targets());
        target.setValue(chosenTarget);
        resources.setText(model.movesTogether());
        if (w == null) {
            ready.set(false);
            return;
        }
        live.setDisable(!w.canMoveLive());
        modes.selectToggle(mode == Migration.Mode.LIVE ? live : cold);
        units.setDisable(w.isVm());
        ready.set(model.choiceProblem() == null);
    }

    Node page() {
        Button refresh = new Button("_Search again");
        refresh.setId("migration-refresh");
        refresh.setOnAction(e -> {
            model.discover();
            fill();
        });
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
