// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.config.ResizeChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import javafx.util.Duration;

/**
 * Grow a resource: each node's backing device and DRBD device sizes, read again every few seconds until every backing
 * device has grown (the operator grows them meanwhile), then the checks, the plan, the run and the result.
 */
public final class ResizeWizard extends PlanWizard<ResizeChecks.Result> {

    private final ResizeWizardModel model;
    private final ComboBox<String> resource = new ComboBox<>();
    private final CheckBox growFs = new CheckBox("_Grow the filesystem mounted on the Primary too (ext2/3/4, XFS)");
    private final CheckBox assumeClean = new CheckBox("The new space is _clean on every node: skip its resync "
            + "(--assume-clean)");
    private final TextArea sizes = new TextArea();
    private final Button refreshButton = new Button("Read _again");
    private final Timeline poll;
    private boolean reading;
    private boolean allGrown;

    public ResizeWizard(Window owner, ClusterEntry cluster, UiTasks tasks, String preselected, Path auditFile) {
        this(owner, cluster, new ResizeWizardModel(cluster, tasks, auditFile, preselected), tasks);
    }

    private ResizeWizard(Window owner, ClusterEntry cluster, ResizeWizardModel model, UiTasks tasks) {
        super(owner, cluster, model, "Grow a resource (resize)", 900, 620);
        this.model = model;
        resource.setId("resize-resource");
        growFs.setId("resize-grow-fs");
        assumeClean.setId("resize-assume-clean");
        sizes.setId("resize-sizes");
        sizes.setEditable(false);
        sizes.setStyle("-fx-font-family: monospace");
        resource.getItems().setAll(model.resources());
        resource.setValue(model.resource());
        resource.valueProperty().addListener((o, a, b) -> {
            model.resource(b);
            refresh(tasks);
        });
        refreshButton.setId("resize-refresh");
        refreshButton.setOnAction(e -> refresh(tasks));
        // the operator grows the devices meanwhile: read again every 5 s until every one has grown
        poll = new Timeline(new KeyFrame(Duration.seconds(5), e -> {
            if (!allGrown && !reading) {
                refresh(tasks);
            }
        }));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> poll.stop());
        refresh(tasks);
        show(0);
    }

    private void refresh(UiTasks tasks) {
        reading = true;
        tasks.background(model::sizes, s -> {
            reading = false;
            allGrown = s.allGrown();
            sizes.setText(s.text() + (allGrown ? "\nEvery backing device has grown: go on with Next."
                    : "\nWaiting for the backing devices to grow: read again every 5 s."));
        }, e -> {
            reading = false;
            sizes.setText("Could not read: " + e.getMessage());
        });
    }

    @Override
    protected Node choosePage() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.addRow(0, new Label("Resource"), resource);
        Label help = new Label("First grow the backing device on every node (lvextend, or the virtual disk in the "
                + "hypervisor): DRBD grows to the smallest. This page reads the sizes again every 5 seconds. Then "
                + "drbdadm resize runs on the Primary, the new size is confirmed on every node and the new area is "
                + "resynced. Nothing shrinks.");
        help.setWrapText(true);
        VBox.setVgrow(sizes, Priority.ALWAYS);
        next.setDisable(false);
        return new VBox(10, g, help, growFs, assumeClean, new HBox(10, new Label("The sizes now:"), refreshButton),
                sizes);
    }

    @Override
    protected void collect() {
        model.growFs(growFs.isSelected());
        model.assumeClean(assumeClean.isSelected());
    }

    @Override
    protected void run(ResizeChecks.Result checked) {
        new RunPage(this, model.steps(checked), (l, d) -> model.execute(l, d, checked), null, null).start();
    }
}
