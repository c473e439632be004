// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.verify.VerifyChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The verify wizard: the resource and its two nodes, whether to resync what is found (and from which side), the
 * earlier runs; then the checks, the exact commands, the run with its progress, and what the kernel found.
 */
public final class VerifyWizard extends PlanWizard<VerifyChecks.Result> {

    private static final String REPORT_ONLY = "no: report only";
    private final VerifyWizardModel model;
    private final ComboBox<String> resource = new ComboBox<>();
    private final ComboBox<String> node = new ComboBox<>();
    private final ComboBox<String> peer = new ComboBox<>();
    private final ComboBox<String> resync = new ComboBox<>();
    private final TextArea history = new TextArea();

    public VerifyWizard(Window owner, ClusterEntry cluster, UiTasks tasks, String preselected, Path auditFile,
            Path historyFile) {
        this(owner, cluster, new VerifyWizardModel(cluster, tasks, auditFile, historyFile, preselected));
    }

    private VerifyWizard(Window owner, ClusterEntry cluster, VerifyWizardModel model) {
        super(owner, cluster, model, "Verify the data", 900, 620);
        this.model = model;
        resource.setId("verify-resource");
        node.setId("verify-node");
        peer.setId("verify-peer");
        resync.setId("verify-resync-from");
        history.setId("verify-history");
        history.setEditable(false);
        history.setStyle("-fx-font-family: monospace");
        resource.getItems().setAll(model.resources());
        resource.setValue(model.resource());
        fill();
        resource.valueProperty().addListener((o, a, b) -> {
            model.resource(b);
            fill();
        });
        show(0);
    }

    private void fill() {
        node.getItems().setAll(model.nodes());
        peer.getItems().setAll(model.nodes());
        node.setValue(model.node());
        peer.setValue(model.peer());
        resync.getItems().setAll(REPORT_ONLY);
        resync.getItems().addAll(model.nodes());
        resync.setValue(REPORT_ONLY);
        history.setText(model.history());
    }

    @Override
    protected Node choosePage() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.addRow(0, new Label("Resource"), resource);
        g.addRow(1, new Label("Verify from"), node);
        g.addRow(2, new Label("against"), peer);
        g.addRow(3, new Label("Resync what is found from"), resync);
        Label help = new Label("Online verify reads every block on both nodes and compares checksums, while the "
                + "resource stays in use. What differs is marked out of sync and listed as ranges; the same ranges "
                + "found run after run mean a disk that keeps diverging. Resync from the side whose data is good.");
        help.setWrapText(true);
        VBox.setVgrow(history, Priority.ALWAYS);
        next.setDisable(false);
        return new VBox(10, g, help, new Label("Earlier runs:"), history);
    }

    @Override
    protected void collect() {
        model.pair(node.getValue(), peer.getValue());
        model.resyncFrom(REPORT_ONLY.equals(resync.getValue()) ? null : resync.getValue());
    }

    @Override
    protected void run(VerifyChecks.Result checked) {
        new RunPage(this, model.steps(checked), (l, d) -> model.execute(l, d, checked), null, null).start();
    }
}
