// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.ops.Migration;
import io.drbdpilot.ops.MigrationChecks;
import io.drbdpilot.ops.ResourceLock;
import io.drbdpilot.ops.SessionAccess;
import io.drbdpilot.ops.Workload;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The migration wizard: pick a workload (the VMs and services found on DRBD on every node, with their resources), the
 * target and live or cold; the checks, live; the plan with the exact commands; confirm; then the run with the
 * dual-primary timeline, and the result. The engine ({@link Migration}) runs off the UI thread.
 */
public final class MigrationWizard implements RunPage.Host {

    static final String[] PAGES = {"1 Choose", "2 Checks", "3 Plan", "4 Confirm", "5 Run", "6 Result"};

    private final Stage stage = new Stage();
    private final ClusterEntry cluster;
    private final Path auditFile;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("migration-wizard").daemon().factory());
    private final BorderPane root = new BorderPane();
    private final Label pages = new Label();
    private final Button back = new Button("_Back");
    private final Button next = new Button("_Next");
    private final Button cancel = new Button("Cancel");
    private final WorkloadChooser chooser;
    private final VBox checks = new VBox(6);
    private final Label checkedAt = new Label();
    private final TextArea plan = new TextArea();
    private final TextField confirm = new TextField();
    private int page;
    private Migration migration;
    private volatile MigrationChecks.Result last;
    private final Rechecker<MigrationChecks.Result> rechecker = new Rechecker<>(worker, r -> {
        last = r;
        renderChecks(r);
    });
    private final ChangeListener<ClusterSnapshot> onChange = (o, a, b) -> recheck();

    /**
     * @param workload  a workload to choose (VM, unit or mount point), or one using this resource; null for none
     * @param node      show this node's workloads first; null for all
     */
    public MigrationWizard(Window owner, ClusterEntry cluster, String node, String workload, Path auditFile) {
        this.cluster = cluster;
        this.auditFile = auditFile;
        stage.initOwner(owner);
        stage.setTitle("Migrate a VM or service — " + cluster.name());
        chooser = new WorkloadChooser(cluster, worker, node, workload);
        back.setId("wizard-back");
        next.setId("wizard-next");
        cancel.setId("wizard-cancel");
        next.setDefaultButton(true);
        cancel.setCancelButton(true);
        back.setOnAction(e -> show(page - 1));
        next.setOnAction(e -> forward());
        cancel.setOnAction(e -> stage.close());
        pages.setId("wizard-pages");
        pages.getStyleClass().add("text-muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, grow, back, next, cancel);
        buttons.setPadding(new Insets(10));
        root.setTop(pages);
        BorderPane.setMargin(pages, new Insets(10, 12, 0, 12));
        root.setBottom(buttons);
        plan.setEditable(false);
        plan.setId("wizard-plan");
        plan.setStyle("-fx-font-family: monospace");
        checks.setId("wizard-checks");
        confirm.setId("wizard-confirm-field");
        Scene scene = new Scene(root, 940, 660);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.setOnHidden(e -> {
            cluster.snapshotProperty().removeListener(onChange);
            worker.shutdownNow();
        });
        show(0);
        chooser.discover();
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
    }

    private void show(int p) {
        page(p);
        back.setDisable(p == 0 || p >= 4);
        next.setText(p == 3 ? "_Run" : "_Next");
        next.setId(p == 3 ? "wizard-run" : "wizard-next");
        next.disableProperty().unbind();
        Node content = switch (p) {
            case 0 -> chooser.page();
            case 1 -> checksPage();
            case 2 -> planPage();
            default -> confirmPage();
        };
        root.setCenter(content);
        BorderPane.setMargin(content, new Insets(12));
        if (p == 0) {
            next.disableProperty().bind(chooser.ready().not());
        }
    }

    private void forward() {
        if (page == 0) {
            Workload w = chooser.workload();
            try {
                if (w != null && !w.isVm() && !chooser.extraUnits().isEmpty()) {
                    w = w.withUnits(chooser.extraUnits());
                }
                migration = new Migration(new SessionAccess(cluster.monitor(), Clock.systemUTC()),
                        cluster.monitor().nodeNames(), w, chooser.target(), chooser.mode(), new Migration.Options(auditFile,
                                ResourceLock.holder("DRBD Pilot window"), Duration.ofSeconds(15),
                                Duration.ofSeconds(60), Duration.ofMinutes(30)));
            } catch (IllegalArgumentException | NullPointerException e) {
                new Alert(Alert.AlertType.ERROR, w == null ? "Pick a workload first." : e.getMessage())
                        .showAndWait();
                return;
            }
            last = null;
            show(1);
            cluster.snapshotProperty().addListener(onChange);
            recheck();
        } else if (page == 3) {
            cluster.snapshotProperty().removeListener(onChange);
            DualPrimaryTimeline timeline = migration.mode() == Migration.Mode.LIVE ? new DualPrimaryTimeline(
                    Duration.ofSeconds(60), migration.workload().resources()) : null;
            Migration m = migration;
            RunPage run = new RunPage(this, m.steps(last), (l, d) -> {
                try {
                    return m.execute(l, d);
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
        } else {
            show(page + 1);
        }
    }

    /** Re-reads the checks on the worker, at most once per {@link Rechecker#GAP}. */
    private void recheck() {
        if (migration == null || page > 3) {
            return;
        }
        var plan = migration;
        rechecker.request(plan::check);
    }

    private Node checksPage() {
        checkedAt.setText("Reading both nodes, for every resource of " + migration.workload().name() + "…");
        checkedAt.setId("wizard-checked-at");
        next.setDisable(last == null || last.blocked());
        if (last != null) {
            renderChecks(last);
        }
        ScrollPane sp = new ScrollPane(checks);
        sp.setFitToWidth(true);
        VBox.setVgrow(sp, Priority.ALWAYS);
        return new VBox(8, checkedAt, sp);
    }

    private void renderChecks(MigrationChecks.Result r) {
        CheckRows.render(checks, r.checks());
        checkedAt.setText("Checked at " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))
                + " from both nodes; re-checked whenever the cluster changes. " + (r.blocked()
                        ? "Blocked: fix what is marked BLOCK." : r.risky() ? "Some checks warn: read them." : "All clear."));
        if (page == 1) {
            next.setDisable(r.blocked());
        }
        if (page == 3 && r.blocked()) {
            show(1);
        }
    }

    private Node planPage() {
        plan.setText(last == null ? "" : migration.script(last));
        next.setDisable(last == null || last.blocked());
        Label l = new Label("The exact commands, per node. Each step re-reads its preconditions right before it runs "
                + "and confirms its result; the rollback is listed at the end.");
        l.setWrapText(true);
        VBox.setVgrow(plan, Priority.ALWAYS);
        return new VBox(8, l, plan);
    }

    private Node confirmPage() {
        Workload w = migration.workload();
        boolean isLive = migration.mode() == Migration.Mode.LIVE;
        Label what = new Label((isLive ? "Live" : "Cold") + " migration of " + w.describe() + " to "
                + migration.target() + ": " + migration.steps(last).size() + " steps.");
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
        if (last != null && last.risky()) {
            Label warn = new Label("Some checks warn. Type the workload's name (" + w.name() + ") to go ahead.");
            warn.getStyleClass().add("warning");
            confirm.setText("");
            next.disableProperty().bind(confirm.textProperty().isNotEqualTo(w.name()));
            box.getChildren().addAll(warn, confirm);
            Platform.runLater(confirm::requestFocus);
        } else {
            next.setDisable(false);
            box.getChildren().add(new Label("All checks passed. Press Run to start; you can abort at a failed step."));
        }
        return box;
    }

    @Override
    public BorderPane root() {
        return root;
    }

    @Override
    public Button nextButton() {
        return next;
    }

    @Override
    public Button backButton() {
        return back;
    }

    @Override
    public Button cancelButton() {
        return cancel;
    }

    @Override
    public void page(int p) {
        page = p;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PAGES.length; i++) {
            sb.append(i == p ? "▶ " + PAGES[i] : PAGES[i]).append(i < PAGES.length - 1 ? "    " : "");
        }
        pages.setText(sb.toString());
    }

    @Override
    public ExecutorService worker() {
        return worker;
    }
}
