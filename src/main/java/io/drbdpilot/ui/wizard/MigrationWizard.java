// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.migration.MigrationChecks;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The migration wizard: pick a workload (the VMs and services found on DRBD on every node, with their resources), the
 * target and live or cold; the checks, live; the plan with the exact commands; confirm; then the run with the
 * dual-primary timeline, and the result. The engine ({@link Migration}) runs off the UI thread.
 */
public final class MigrationWizard extends PlanWizard<MigrationChecks.Result> {

    private final Path auditFile;
    private final WorkloadChooser chooser;
    private volatile Migration migration;

    /**
     * @param workload  a workload to choose (VM, unit or mount point), or one using this resource; null for none
     * @param node      show this node's workloads first; null for all
     */
    public MigrationWizard(Window owner, ClusterEntry cluster, String node, String workload, Path auditFile) {
        super(owner, cluster, "Migrate a VM or service", "migration-wizard", 940, 660);
        this.auditFile = auditFile;
        chooser = new WorkloadChooser(cluster, worker(), node, workload);
        show(0);
        chooser.discover();
    }

    @Override
    protected Node choosePage() {
        Node page = chooser.page();
        next.disableProperty().bind(chooser.ready().not());
        return page;
    }

    @Override
    protected boolean plan() {
        Workload w = chooser.workload();
        if (w == null) {
            new Alert(Alert.AlertType.ERROR, "Pick a workload first.").showAndWait();
            return false;
        }
        try {
            if (!w.isVm() && !chooser.extraUnits().isEmpty()) {
                w = w.withUnits(chooser.extraUnits());
            }
            migration = new Migration(new SshNodeAccess(cluster.monitor(), Clock.systemUTC()),
                    cluster.monitor().nodeNames(), w, chooser.target(), chooser.mode(), new Migration.Options(
                            auditFile, ResourceLock.holder("DRBD Pilot window"), Duration.ofSeconds(15),
                            Duration.ofSeconds(60), Duration.ofMinutes(30)));
            return true;
        } catch (IllegalArgumentException e) {
            new Alert(Alert.AlertType.ERROR, e.getMessage()).showAndWait();
            return false;
        }
    }

    @Override
    protected MigrationChecks.Result check() throws InterruptedException {
        return migration.check();
    }

    @Override
    protected String script(MigrationChecks.Result checked) {
        return migration.script(checked);
    }

    @Override
    protected String reading() {
        return "Reading both nodes, for every resource of " + migration.workload().name() + "…";
    }

    @Override
    protected Node confirmHead(MigrationChecks.Result checked) {
        Workload w = migration.workload();
        boolean isLive = migration.mode() == Migration.Mode.LIVE;
        Label what = new Label((isLive ? "Live" : "Cold") + " migration of " + w.describe() + " to "
                + migration.target() + ": " + migration.steps(checked).size() + " steps.");
        what.setStyle("-fx-font-size: 1.2em; -fx-font-weight: bold");
        what.setWrapText(true);
        VBox box = new VBox(10, what);
        if (isLive) {
            Label window = new Label("While the VM moves, both nodes are Primary. If the replication link fails in "
                    + "that window, the data splits (split brain). The window is timed; past 60 s it is flagged.");
            window.setWrapText(true);
            window.getStyleClass().add("warning");
            box.getChildren().add(window);
        }
        return box;
    }

    @Override
    protected String confirmName() {
        return migration.workload().name();
    }

    @Override
    protected void run(MigrationChecks.Result checked) {
        DualPrimaryTimeline timeline = migration.mode() == Migration.Mode.LIVE ? new DualPrimaryTimeline(
                Duration.ofSeconds(60), migration.workload().resources()) : null;
        Migration m = migration;
        RunPage run = new RunPage(this, m.steps(checked), (l, d) -> {
            try {
                return m.execute(l, d, checked); // what runs is what was confirmed
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
