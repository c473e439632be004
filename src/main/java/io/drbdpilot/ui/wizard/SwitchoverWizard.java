// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.switchover.Preflight;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.Window;

/**
 * The switchover wizard: choose the resource and target; the checks, live; the plan with the exact commands; confirm;
 * then {@link RunPage} runs it with progress, a command log and Retry/Abort, and shows the result. The engine
 * runs off the UI thread; what the wizard holds is its {@link SwitchoverWizardModel}.
 */
public final class SwitchoverWizard extends PlanWizard<Preflight.Result> {

    private final SwitchoverWizardModel model;
    private final ComboBox<String> resource = new ComboBox<>();
    private final ComboBox<String> target = new ComboBox<>();
    private final TextField stopUnits = field("wizard-stop-units", "units to stop on the source, e.g. nginx");
    private final TextField umount = field("wizard-umount", "paths to unmount on the source, e.g. /srv/data");
    private final TextField mount = field("wizard-mount", "paths to mount on the target");
    private final TextField startUnits = field("wizard-start-units", "units to start on the target");

    public SwitchoverWizard(Window owner, ClusterEntry cluster, UiTasks tasks, String preselectedResource,
            Path auditFile) {
        this(owner, cluster, new SwitchoverWizardModel(cluster, tasks, auditFile, preselectedResource));
    }

    private SwitchoverWizard(Window owner, ClusterEntry cluster, SwitchoverWizardModel model) {
        super(owner, cluster, model, "Switch over", 900, 620);
        this.model = model;
        resource.getItems().setAll(model.resources());
        resource.setId("wizard-resource");
        target.setId("wizard-target");
        resource.setValue(model.resource());
        fillTargets();
        resource.valueProperty().addListener((o, a, b) -> {
            model.resource(b);
            fillTargets();
        });
        target.valueProperty().addListener((o, a, b) -> model.target(b));
        show(0);
    }

    public SwitchoverWizardModel model() {
        return model;
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        return f;
    }

    private void fillTargets() {
        String chosen = model.target();
        target.getItems().setAll(model.targets());
        target.setValue(chosen);
    }

    @Override
    protected Node choosePage() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.addRow(0, new Label("Resource"), resource);
        g.addRow(1, new Label("Move the Primary role to"), target);
        g.addRow(2, new Label("Before: stop units"), stopUnits);
        g.addRow(3, new Label("Before: unmount"), umount);
        g.addRow(4, new Label("After: mount on the target"), mount);
        g.addRow(5, new Label("After: start units"), startUnits);
        Label help = new Label("The switchover demotes the current Primary first, then re-checks the target from "
                + "both sides, and only then promotes it. If anything fails after the demote, it re-promotes the "
                + "source. Stop whatever uses the device before the demote (DRBD refuses to demote an open device).");
        help.setWrapText(true);
        g.add(help, 0, 6, 2, 1);
        GridPane.setHgrow(stopUnits, Priority.ALWAYS);
        next.setDisable(false);
        return g;
    }

    @Override
    protected void collect() {
        model.users(stopUnits.getText(), umount.getText(), mount.getText(), startUnits.getText());
    }

    @Override
    protected void run(Preflight.Result checked) {
        new RunPage(this, model.steps(checked), (l, d) -> model.execute(l, d, checked), null, null)
                .start(); // what runs is what was confirmed
    }
}
