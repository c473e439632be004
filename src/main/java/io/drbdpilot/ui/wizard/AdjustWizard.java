// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.config.AdjustChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * A previewed {@code drbdadm adjust}: where the files of a resource differ between the nodes or from what the kernels
 * run (read fresh, the exact difference), then the checks with each line adjust would run in words, the plan, the
 * run node by node, and the result. The files are never written.
 */
public final class AdjustWizard extends PlanWizard<AdjustChecks.Result> {

    private final AdjustWizardModel model;
    private final ComboBox<String> resource = new ComboBox<>();
    private final ComboBox<String> only = new ComboBox<>();
    private final TextArea drift = new TextArea();
    private final Button refreshButton = new Button("Read again");

    public AdjustWizard(Window owner, ClusterEntry cluster, UiTasks tasks, String preselected, Path auditFile) {
        this(owner, cluster, new AdjustWizardModel(cluster, tasks, auditFile, preselected), tasks);
    }

    private AdjustWizard(Window owner, ClusterEntry cluster, AdjustWizardModel model, UiTasks tasks) {
        super(owner, cluster, model, "Apply the configuration (adjust)", 900, 620);
        this.model = model;
        resource.setId("adjust-resource");
        only.setId("adjust-only");
        drift.setId("adjust-drift");
        drift.setEditable(false);
        drift.setStyle("-fx-font-family: monospace");
        drift.setWrapText(true);
        resource.getItems().setAll(model.resources());
        resource.setValue(model.resource());
        fillNodes();
        resource.valueProperty().addListener((o, a, b) -> {
            model.resource(b);
            fillNodes();
            refresh(tasks);
        });
        refreshButton.setId("adjust-refresh");
        refreshButton.setOnAction(e -> refresh(tasks));
        refresh(tasks);
        show(0);
    }

    private void fillNodes() {
        only.getItems().setAll(AdjustWizardModel.EVERY_NODE);
        only.getItems().addAll(model.nodes());
        only.setValue(model.only() == null ? AdjustWizardModel.EVERY_NODE : model.only());
    }

    private void refresh(UiTasks tasks) {
        drift.setText("Reading " + model.resource() + "'s files (drbdadm dump) and kernel (drbdadm -d adjust) on "
                + "every node…");
        tasks.background(model::drift, drift::setText, e -> drift.setText("Could not read: " + e.getMessage()));
    }

    @Override
    protected Node choosePage() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.addRow(0, new Label("Resource"), resource);
        g.addRow(1, new Label("Adjust"), only);
        Label help = new Label("drbdadm adjust makes the kernel run what the files in /etc/drbd.d say. DRBD Pilot "
                + "never writes these files: edit them yourself, the same on every node. When they differ on "
                + "purpose, adjust only the node whose file is meant.");
        help.setWrapText(true);
        VBox.setVgrow(drift, Priority.ALWAYS);
        next.setDisable(false);
        return new VBox(10, g, help, new HBox(10, new Label("Where files and kernels disagree now:"), refreshButton),
                drift);
    }

    @Override
    protected void collect() {
        model.only(only.getValue());
    }

    @Override
    protected void run(AdjustChecks.Result checked) {
        new RunPage(this, model.steps(checked), (l, d) -> model.execute(l, d, checked), null, null).start();
    }
}
