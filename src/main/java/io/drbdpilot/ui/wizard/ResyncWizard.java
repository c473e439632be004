// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.resync.ResyncChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * Resync control: the resyncs of a resource in words, read fresh (who syncs from whom, progress, speed, why it waits,
 * temporary rates), and what to do: pause, resume, a temporary rate (followed to the end and reset, or left), reset.
 */
public final class ResyncWizard extends PlanWizard<ResyncChecks.Result> {

    private final ResyncWizardModel model;
    private final ComboBox<String> resource = new ComboBox<>();
    private final ComboBox<ResyncChecks.Kind> action = new ComboBox<>();
    private final TextField rate = new TextField();
    private final CheckBox leave = new CheckBox("Leave the rate in place until I reset it (else it is reset when "
            + "the resync ends)");
    private final TextArea report = new TextArea();

    public ResyncWizard(Window owner, ClusterEntry cluster, UiTasks tasks, String preselected, Path auditFile,
            ResyncChecks.Kind kind) {
        this(owner, cluster, new ResyncWizardModel(cluster, tasks, auditFile, preselected, kind), tasks);
    }

    private ResyncWizard(Window owner, ClusterEntry cluster, ResyncWizardModel model, UiTasks tasks) {
        super(owner, cluster, model, "Control the resync", 900, 620);
        this.model = model;
        resource.setId("resync-resource");
        action.setId("resync-action");
        rate.setId("resync-rate");
        leave.setId("resync-leave");
        report.setId("resync-report");
        report.setEditable(false);
        report.setStyle("-fx-font-family: monospace");
        report.setWrapText(true);
        resource.getItems().setAll(model.resources());
        resource.setValue(model.resource());
        action.getItems().setAll(ResyncChecks.Kind.values());
        action.setConverter(new StringConverter<>() {
            @Override
            public String toString(ResyncChecks.Kind k) {
                return k == null ? "" : switch (k) {
                    case PAUSE -> "Pause the resync";
                    case RESUME -> "Resume the resync";
                    case RATE -> "Set a temporary rate";
                    case RESET -> "Reset the rate to the files'";
                };
            }

            @Override
            public ResyncChecks.Kind fromString(String s) {
                return null;
            }
        });
        action.setValue(model.kind());
        rate.setText(model.rate());
        rate.setPromptText("100M, 4096k, 1G");
        rate.disableProperty().bind(action.valueProperty().isNotEqualTo(ResyncChecks.Kind.RATE));
        leave.disableProperty().bind(rate.disableProperty());
        resource.valueProperty().addListener((o, a, b) -> {
            model.resource(b);
            refresh(tasks);
        });
        refreshButton = new Button("Read again");
        refreshButton.setOnAction(e -> refresh(tasks));
        refresh(tasks);
        show(0);
    }

    private final Button refreshButton;

    private void refresh(UiTasks tasks) {
        report.setText("Reading " + model.resource() + " on its nodes…");
        tasks.background(model::report, report::setText, e -> report.setText("Could not read: " + e.getMessage()));
    }

    @Override
    protected Node choosePage() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.addRow(0, new Label("Resource"), resource);
        g.addRow(1, new Label("Do"), action);
        g.addRow(2, new Label("Rate (per second)"), rate);
        g.add(leave, 1, 3);
        Label help = new Label("Pause and resume act on the node that pauses (the SyncTarget); its peer shows the "
                + "resync as paused on the peer. A rate is set on the SyncTarget, which asks for the data, at runtime "
                + "only: the configuration files are never edited, and drbdadm adjust returns to them.");
        help.setWrapText(true);
        VBox.setVgrow(report, Priority.ALWAYS);
        next.setDisable(false);
        return new VBox(10, g, help, new HBox(10, new Label("Now:"), refreshButton), report);
    }

    @Override
    protected void collect() {
        model.kind(action.getValue());
        model.rate(rate.getText());
        model.leave(leave.isSelected());
    }

    @Override
    protected void run(ResyncChecks.Result checked) {
        new RunPage(this, model.steps(checked), (l, d) -> model.execute(l, d, checked), null, null).start();
    }
}
