// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.ops.Preflight;
import io.drbdpilot.ops.SessionAccess;
import io.drbdpilot.ops.Switchover;
import io.drbdpilot.ops.SwitchoverRequest;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The switchover wizard: choose the resource and target; the checks, live; the plan with the exact commands; confirm;
 * then {@link RunPage} runs it with progress, a command log and Retry/Abort, and shows the result. The
 * engine ({@link Switchover}) runs off the UI thread.
 */
public final class SwitchoverWizard implements RunPage.Host {


    static final String[] PAGES = {"1 Choose", "2 Checks", "3 Plan", "4 Confirm", "5 Run", "6 Result"};

    private final Stage stage = new Stage();
    private final ClusterEntry cluster;
    private final Path auditFile;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("switchover-wizard").daemon().factory());
    private final BorderPane root = new BorderPane();
    private final Label steps = new Label();
    private final Button back = new Button("_Back");
    private final Button next = new Button("_Next");
    private final Button cancel = new Button("Cancel");
    private final ComboBox<String> resource = new ComboBox<>();
    private final ComboBox<String> target = new ComboBox<>();
    private final TextField stopUnits = field("wizard-stop-units", "units to stop on the source, e.g. nginx");
    private final TextField umount = field("wizard-umount", "paths to unmount on the source, e.g. /srv/data");
    private final TextField mount = field("wizard-mount", "paths to mount on the target");
    private final TextField startUnits = field("wizard-start-units", "units to start on the target");
    private final VBox checks = new VBox(6);
    private final Label checkedAt = new Label();
    private final TextArea plan = new TextArea();
    private final TextField confirm = field("wizard-confirm-field", "");
    private int page;
    private Switchover switchover;
    private volatile Preflight.Result last;
    private final Rechecker<Preflight.Result> rechecker = new Rechecker<>(worker, r -> {
        last = r;
        renderChecks(r);
    });
    private final ChangeListener<ClusterSnapshot> onChange = (o, a, b) -> recheck();

    public SwitchoverWizard(Window owner, ClusterEntry cluster, String preselectedResource, Path auditFile) {
        this.cluster = cluster;
        this.auditFile = auditFile;
        stage.initOwner(owner);
        stage.setTitle("Switch over — " + cluster.name());
        ClusterSnapshot s = cluster.snapshotProperty().get();
        TreeSet<String> names = new TreeSet<>();
        if (s != null) {
            s.nodes().forEach(n -> n.resources().forEach(r -> names.add(r.name())));
        }
        resource.getItems().setAll(names);
        resource.setId("wizard-resource");
        target.setId("wizard-target");
        resource.valueProperty().addListener((o, a, b) -> fillTargets());
        resource.setValue(preselectedResource != null && names.contains(preselectedResource) ? preselectedResource
                : names.isEmpty() ? null : names.first());
        back.setId("wizard-back");
        next.setId("wizard-next");
        cancel.setId("wizard-cancel");
        next.setDefaultButton(true);
        cancel.setCancelButton(true);
        back.setOnAction(e -> show(page - 1));
        next.setOnAction(e -> forward());
        cancel.setOnAction(e -> stage.close());
        steps.setId("wizard-pages");
        steps.getStyleClass().add("text-muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, grow, back, next, cancel);
        buttons.setPadding(new Insets(10));
        root.setTop(steps);
        BorderPane.setMargin(steps, new Insets(10, 12, 0, 12));
        root.setBottom(buttons);
        plan.setEditable(false);
        plan.setId("wizard-plan");
        plan.setStyle("-fx-font-family: monospace");
        checks.setId("wizard-checks");
        Scene scene = new Scene(root, 900, 620);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.setOnHidden(e -> {
            cluster.snapshotProperty().removeListener(onChange);
            worker.shutdownNow();
        });
        show(0);
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        return f;
    }

    private void fillTargets() {
        String res = resource.getValue();
        ClusterSnapshot s = cluster.snapshotProperty().get();
        target.getItems().clear();
        if (res == null || s == null) {
            return;
        }
        for (NodeView n : s.nodes()) {
            ResourceState r = n.resource(res).orElse(null);
            if (r != null && !r.role().is(io.drbdpilot.drbd.model.Role.PRIMARY) && !r.devices().isEmpty()) {
                target.getItems().add(n.node());
            }
        }
        if (!target.getItems().isEmpty()) {
            target.setValue(target.getItems().get(0));
        }
    }

    private static List<String> words(TextField f) {
        return Arrays.stream(f.getText().strip().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    private void show(int p) {
        page(p);
        back.setDisable(p == 0 || p >= 4);
        next.setText(p == 3 ? "_Run" : "_Next");
        next.setId(p == 3 ? "wizard-run" : "wizard-next");
        Node content = switch (p) {
            case 0 -> choosePage();
            case 1 -> checksPage();
            case 2 -> planPage();
            default -> confirmPage();
        };
        root.setCenter(content);
        BorderPane.setMargin(content, new Insets(12));
    }

    private Node choosePage() {
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

    private void forward() {
        if (page == 0) {
            try {
                SwitchoverRequest req = new SwitchoverRequest(resource.getValue(), target.getValue(), null,
                        words(umount), words(stopUnits), List.of(), words(mount), words(startUnits), List.of());
                switchover = new Switchover(new SessionAccess(cluster.monitor(), Clock.systemUTC()),
                        cluster.monitor().nodeNames(), req, new Switchover.Options(auditFile, io.drbdpilot.ops.ResourceLock.holder("DRBD Pilot window"),
                                Duration.ofSeconds(15)));
            } catch (IllegalArgumentException e) {
                new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR, e.getMessage()).showAndWait();
                return;
            }
            last = null;
            show(1);
            cluster.snapshotProperty().addListener(onChange);
            recheck();
        } else if (page == 3) {
            cluster.snapshotProperty().removeListener(onChange);
            new RunPage(this, switchover.steps(last), switchover::execute, null, null).start();
        } else {
            show(page + 1);
        }
    }

    /** Re-reads the checks on the worker, at most once per {@link Rechecker#GAP}. */
    private void recheck() {
        if (switchover == null || page > 3) {
            return;
        }
        var plan = switchover;
        rechecker.request(plan::check);
    }

    private Node checksPage() {
        checkedAt.setText("Reading both nodes…");
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

    private void renderChecks(Preflight.Result r) {
        CheckRows.render(checks, r.checks());
        checkedAt.setText("Checked at " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))
                + " from both nodes; re-checked whenever the cluster changes. " + (r.blocked()
                        ? "Blocked: fix what is marked BLOCK." : r.risky() ? "Some checks warn: read them." : "All clear."));
        if (page == 1) {
            next.setDisable(r.blocked());
        }
        if (page == 3 && r.blocked()) {
            show(1); // the cluster changed under the confirmation: back to the checks
        }
    }

    private Node planPage() {
        plan.setText(last == null ? "" : switchover.script(last));
        next.setDisable(last == null || last.blocked());
        Label l = new Label("The exact commands, per node. Each step re-reads its preconditions right before it runs "
                + "and confirms its result; the rollback is listed at the end.");
        l.setWrapText(true);
        VBox.setVgrow(plan, Priority.ALWAYS);
        return new VBox(8, l, plan);
    }

    private Node confirmPage() {
        boolean risky = last != null && last.risky();
        String res = resource.getValue();
        Label what = new Label("Move the Primary role of " + res + " from " + (last == null ? "?" : last.source())
                + " to " + target.getValue() + ": " + switchover.steps(last).size() + " steps.");
        what.setStyle("-fx-font-size: 1.2em; -fx-font-weight: bold");
        VBox box = new VBox(10, what);
        if (risky) {
            Label warn = new Label("Some checks warn. Type the resource name (" + res + ") to go ahead.");
            warn.getStyleClass().add("warning");
            confirm.setText("");
            next.disableProperty().unbind();
            next.disableProperty().bind(confirm.textProperty().isNotEqualTo(res));
            box.getChildren().addAll(warn, confirm);
            Platform.runLater(confirm::requestFocus);
        } else {
            next.disableProperty().unbind();
            next.setDisable(false);
            box.getChildren().add(new Label("All checks passed. Press Run to start; you can abort at a failed step."));
        }
        return box;
    }

    /** The run page takes over the window's centre and buttons. */
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
        steps.setText(sb.toString());
    }

    Preflight.Result lastChecks() {
        return last;
    }

    @Override
    public ExecutorService worker() {
        return worker;
    }
}
