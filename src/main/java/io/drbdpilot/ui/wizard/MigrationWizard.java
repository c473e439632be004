// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.migration.MigrationChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Window;

/**
 * The migration wizard: pick a workload (the VMs and services found on DRBD on every node, with their resources), the
 * target and live or cold; the checks, live; the plan with the exact commands; confirm; then the run with the
 * dual-primary timeline, and the result. The engine ({@link Migration}) runs off the UI thread.
 */
public final class MigrationWizard extends PlanWizard<MigrationChecks.Result> {

    private final MigrationWizardModel model;
    private final WorkloadChooser chooser;

    /**
     * @param workload  a workload to choose (VM, unit or mount point), or one using this resource; null for none
     * @param node      show this node's workloads first; null for all
     */
    public MigrationWizard(Window owner, ClusterEntry cluster, UiTasks tasks, String node, String workload,
            Path auditFile) {
        this(owner, cluster, new MigrationWizardModel(cluster, tasks, auditFile, node, workload));
    }

    private MigrationWizard(Window owner, ClusterEntry cluster, MigrationWizardModel model) {
        super(owner, cluster, model, "Migrate a VM or service", 940, 660);
        this.model = model;
        chooser = new WorkloadChooser(model);
        show(0);
        model.discover();
    }

    public MigrationWizardModel model() {
        return model;
    }

    @Override
    protected Node choosePage() {
        Node page = chooser.page();
        next.disableProperty().bind(chooser.ready().not());
        return page;
    }

    @Override
    protected void collect() {
        chooser.collect();
    }

    @Override
    protected Node confirmExtra(MigrationChecks.Result checked) {
        String warning = model.windowWarning();
        if (warning == null) {
            return null;
        }
        Label window = new Label(warning);
        window.setWrapText(true);
        window.getStyleClass().add("warning");
        return window;
    }

    @Override
    protected void run(MigrationChecks.Result checked) {
        Migration m = model.migration();
        DualPrimaryTimeline timeline = m.mode() == Migration.Mode.LIVE ? new DualPrimaryTimeline(
                MigrationWizardModel.WINDOW_LIMIT, m.workload().resources()) : null;
        RunPage run = new RunPage(this, model.steps(checked), (l, d) -> {
            try {
                return model.execute(l, d, checked); // what runs is what was confirmed
            } finally {
                if (timeline != null) {
                    Platform.runLater(timeline::stop);
                }
            }
        }, timeline == null ? null : timeline.node(), timeline);
        if (timeline != null) {
            timeline.start();
        }
        run.start();
    }
}
