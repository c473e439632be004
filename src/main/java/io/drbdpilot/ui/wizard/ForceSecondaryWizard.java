// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.quorum.QuorumChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * DRBD 9: recover a Primary that lost quorum. The checks say which peers it cannot see, what uses its device and what
 * happens to it, and whether its kernel and utils can force; then {@code drbdadm secondary --force}, and (when chosen)
 * the promotion of a node that has quorum.
 */
public final class ForceSecondaryWizard extends PlanWizard<QuorumChecks.Result> {

    private final ForceSecondaryWizardModel model;
    private final ComboBox<String> resource = new ComboBox<>();
    private final ComboBox<String> node = new ComboBox<>();
    private final ComboBox<String> takeOver = new ComboBox<>();

    public ForceSecondaryWizard(Window owner, ClusterEntry cluster, UiTasks tasks, String preselected,
            Path auditFile) {
        this(owner, new ForceSecondaryWizardModel(cluster, tasks, auditFile, preselected), cluster);
    }

    private ForceSecondaryWizard(Window owner, ForceSecondaryWizardModel model, ClusterEntry cluster) {
        super(owner, cluster, model, "Recover a Primary that lost quorum", 900, 620);
        this.model = model;
        resource.setId("quorum-resource");
        node.setId("quorum-node");
        takeOver.setId("quorum-takeover");
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
        node.setValue(model.node());
        takeOver.getItems().setAll(ForceSecondaryWizardModel.NOBODY);
        takeOver.getItems().addAll(model.nodes());
        takeOver.setValue(ForceSecondaryWizardModel.NOBODY);
    }

    @Override
    protected Node choosePage() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.addRow(0, new Label("Resource"), resource);
        g.addRow(1, new Label("Primary without quorum"), node);
        g.addRow(2, new Label("Then promote"), takeOver);
        Label help = new Label("A DRBD 9 Primary that lost quorum cannot write (its I/O is suspended or fails) and "
                + "cannot be demoted while something has its device open. drbdadm secondary --force (DRBD 9.1.7, "
                + "drbd-utils 9.21) demotes it anyway: whatever still uses the device gets I/O errors from then on. "
                + "The checks say which peers it cannot see, what uses its device, and which node has quorum to take "
                + "over. Use it to stop a cut-off node; when the peers come back by themselves, wait instead.");
        help.setWrapText(true);
        next.setDisable(false);
        return new VBox(10, g, help);
    }

    @Override
    protected void collect() {
        model.resource(resource.getValue());
        model.node(node.getValue());
        model.takeOver(takeOver.getValue());
    }

    @Override
    protected void run(QuorumChecks.Result checked) {
        new RunPage(this, model.steps(checked), (l, d) -> model.execute(l, d, checked), null, null).start();
    }
}
