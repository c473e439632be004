// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.disk.DiskChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Replace a failed disk: the resource and the node whose disk is out, the new device (the configured one unless named)
 * and, when it holds something, its path typed to confirm; then the checks, which are read again every few seconds, so
 * the page waits for the new disk and shows its size; the exact commands; the run with the resync's progress.
 */
public final class ReplaceDiskWizard extends PlanWizard<DiskChecks.Result> {

    private final ReplaceDiskWizardModel model;
    private final ComboBox<String> resource = new ComboBox<>();
    private final ComboBox<String> node = new ComboBox<>();
    private final TextField device = new TextField();
    private final TextField confirm = new TextField();

    public ReplaceDiskWizard(Window owner, ClusterEntry cluster, UiTasks tasks, String preselected, Path auditFile) {
        this(owner, cluster, new ReplaceDiskWizardModel(cluster, tasks, auditFile, preselected));
    }

    private ReplaceDiskWizard(Window owner, ClusterEntry cluster, ReplaceDiskWizardModel model) {
        super(owner, cluster, model, "Replace a failed disk", 900, 620);
        this.model = model;
        resource.setId("disk-resource");
        node.setId("disk-node");
        device.setId("disk-device");
        confirm.setId("disk-confirm");
        resource.getItems().setAll(model.resources());
        resource.setValue(model.resource());
        node.getItems().setAll(model.nodes());
        node.setValue(model.node());
        device.setPromptText("the configured backing disk");
        confirm.setPromptText("only if the device holds DRBD metadata or a filesystem that may go");
        resource.valueProperty().addListener((o, a, b) -> {
            model.resource(b);
            node.setValue(model.node());
        });
        show(0);
    }

    @Override
    protected Node choosePage() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.addRow(0, new Label("Resource"), resource);
        g.addRow(1, new Label("Node whose disk failed"), node);
        g.addRow(2, new Label("New device (optional)"), device);
        g.addRow(3, new Label("Type the device's path to overwrite it"), confirm);
        device.setPrefColumnCount(28);
        confirm.setPrefColumnCount(28);
        Label help = new Label("Put the new disk in the node first; the checks read it again every few seconds and "
                + "show its size. DRBD Pilot writes new DRBD metadata on the new disk only, attaches it, and copies "
                + "everything from the node that holds UpToDate data. Nothing is written on any other node; nothing "
                + "runs while no other node is UpToDate.");
        help.setWrapText(true);
        next.setDisable(false);
        return new VBox(10, g, help);
    }

    @Override
    protected void collect() {
        model.node(node.getValue());
        model.device(device.getText());
        model.confirmDevice(confirm.getText());
    }

    @Override
    protected void run(DiskChecks.Result checked) {
        new RunPage(this, model.steps(checked), (l, d) -> model.execute(l, d, checked), null, null).start();
    }
}
