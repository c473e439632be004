// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.splitbrain.SplitBrainChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The split-brain wizard: the evidence of every node first (what each side changed, the generations, the kernel's
 * lines, who uses the device), then the victim chosen with the data at stake beside each choice, the checks, the
 * exact commands, the victim's name typed, and the run with its verification.
 */
public final class SplitBrainWizard extends PlanWizard<SplitBrainChecks.Result> {

    private final SplitBrainWizardModel model;
    private final ComboBox<String> resource = new ComboBox<>();
    private final TextArea evidence = new TextArea();
    private final Label recommendation = new Label();
    private final VBox victims = new VBox(6);
    private final ToggleGroup victimGroup = new ToggleGroup();
    private final CheckBox copy = new CheckBox("First copy the victim's backing device to this file on it:");
    private final TextField copyPath = new TextField();
    private final CheckBox snapshot = new CheckBox("First take an LVM snapshot of the victim's backing volume");
    private final TextField stopVms = field("splitbrain-stop-vms", "VMs to shut down on the victim first");
    private final TextField stopUnits = field("splitbrain-stop-units", "units to stop on the victim first");
    private final TextField umounts = field("splitbrain-umount", "paths to unmount on the victim first");

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        HBox.setHgrow(f, Priority.ALWAYS);
        return f;
    }

    public SplitBrainWizard(Window owner, ClusterEntry cluster, UiTasks tasks, String preselected, Path auditFile) {
        this(owner, cluster, new SplitBrainWizardModel(cluster, tasks, auditFile, preselected));
    }

    private SplitBrainWizard(Window owner, ClusterEntry cluster, SplitBrainWizardModel model) {
        super(owner, cluster, model, "Resolve a split brain", 980, 700);
        this.model = model;
        resource.setId("splitbrain-resource");
        resource.getItems().setAll(model.resources());
        resource.setValue(model.resource());
        resource.valueProperty().addListener((o, a, b) -> model.resource(b));
        evidence.setId("splitbrain-evidence");
        evidence.setEditable(false);
        evidence.setStyle("-fx-font-family: monospace");
        recommendation.setId("splitbrain-recommendation");
        recommendation.setWrapText(true);
        copy.setId("splitbrain-save");
        copyPath.setId("splitbrain-save-path");
        copyPath.setPromptText("/var/tmp/RESOURCE-before-discard.img");
        copyPath.disableProperty().bind(copy.selectedProperty().not());
        snapshot.setId("splitbrain-snapshot");
        model.onEvidence(this::showEvidence);
        show(0);
        model.readEvidence();
        showEvidence();
    }

    public SplitBrainWizardModel model() {
        return model;
    }

    private void showEvidence() {
        evidence.setText(model.evidenceText());
        SplitBrainChecks.Result e = model.evidence();
        recommendation.setText(e == null ? "" : e.recommendation());
        victims.getChildren().clear();
        for (String n : model.victims()) {
            RadioButton b = new RadioButton("Discard " + model.atStake(n) + ".");
            b.setId("splitbrain-victim-" + n);
            b.setToggleGroup(victimGroup);
            b.setSelected(n.equals(model.victim()));
            b.setOnAction(ev -> {
                model.victim(n);
                snapshot.setDisable(!model.victimOnLvm());
                next.setDisable(model.choiceProblem() != null);
            });
            victims.getChildren().add(b);
        }
        snapshot.setDisable(!model.victimOnLvm());
        next.setDisable(model.choiceProblem() != null);
    }

    @Override
    protected Node choosePage() {
        Label head = new Label("What each side changed since the split. Nothing is changed until you confirm.");
        head.setWrapText(true);
        Label which = new Label("Which side's changes are thrown away (the victim)?");
        VBox.setVgrow(evidence, Priority.ALWAYS);
        next.setDisable(model.choiceProblem() != null);
        HBox.setHgrow(copyPath, Priority.ALWAYS);
        return new VBox(8, new HBox(10, new Label("Resource"), resource), head, evidence, recommendation, which,
                victims, new HBox(8, new Label("Before: stop on the victim"), stopVms, stopUnits, umounts),
                new HBox(8, copy, copyPath), snapshot);
    }

    @Override
    protected void collect() {
        model.save(copy.isSelected() ? copyPath.getText() : null, snapshot.isSelected() && !snapshot.isDisabled());
        model.stops(stopVms.getText(), stopUnits.getText(), umounts.getText());
    }

    @Override
    protected Node confirmExtra(SplitBrainChecks.Result checked) {
        Label l = new Label("Save " + model.victim() + "'s data first if any of it may matter: an LVM snapshot of its "
                + "backing device, or dd of the device to a file. Once it connects discarding its data, its changes "
                + "are overwritten by the resync.");
        l.setWrapText(true);
        l.getStyleClass().add("warning");
        return l;
    }

    @Override
    protected void run(SplitBrainChecks.Result checked) {
        new RunPage(this, model.steps(checked), (l, d) -> model.execute(l, d, checked), null, null).start();
    }
}
