// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
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
 * What the operations' wizards share: the window with its page header and Back/Next/Cancel; the checks, re-read live
 * whenever the cluster changes ({@link Rechecker}); the plan's exact commands; the confirmation (typing the name when a
 * check warns); then {@link RunPage}. A wizard adds its first page, its plan and its run.
 *
 * @param <C> what its checks return
 */
abstract class PlanWizard<C extends PlanChecks> implements RunPage.Host {

    static final String[] PAGES = {"1 Choose", "2 Checks", "3 Plan", "4 Confirm", "5 Run", "6 Result"};

    protected final Stage stage = new Stage();
    protected final ClusterEntry cluster;
    private final PlanWizardModel<C> model;
    private final BorderPane root = new BorderPane();
    private final Label pages = new Label();
    private final Button back = new Button("_Back");
    protected final Button next = new Button("_Next");
    private final Button cancel = new Button("Cancel");
    private final VBox checks = new VBox(6);
    private final Label checkedAt = new Label();
    private final TextArea plan = new TextArea();
    private final TextField confirm = new TextField();
    private final ChangeListener<ClusterSnapshot> onChange;
    private final ChangeListener<ClusterSnapshot> stateLine;
    private volatile RunPage runPage;
    private PlanWizardModel.Page shown;

    protected PlanWizard(Window owner, ClusterEntry cluster, PlanWizardModel<C> model, String title, double width,
            double height) {
        this.cluster = cluster;
        this.model = model;
        onChange = (o, a, b) -> model.recheck();
        model.onChecks(this::renderChecks);
        stage.initOwner(owner);
        stage.setTitle(title + " — " + cluster.name());
        back.setId("wizard-back");
        next.setId("wizard-next");
        cancel.setId("wizard-cancel");
        next.setDefaultButton(true);
        cancel.setCancelButton(true);
        back.setOnAction(e -> show(model.back().ordinal()));
        next.setOnAction(e -> forward());
        cancel.setOnAction(e -> stage.close());
        // the first page's state line follows the monitor and the choice (a combo box's action reaches the root)
        stateLine = (o, a, b) -> {
            if (model.page() == PlanWizardModel.Page.CHOOSE) {
                refreshState();
            }
        };
        cluster.snapshotProperty().addListener(stateLine);
        root.addEventHandler(javafx.event.ActionEvent.ACTION, e -> {
            if (model.page() == PlanWizardModel.Page.CHOOSE) {
                refreshState();
            }
        });
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
        Scene scene = new Scene(root, width, height);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        // Next is disabled while a page waits (the checks); JavaFX then moves the focus on, to Cancel, where Enter
        // would cancel the wizard. When Next is back, so is the focus: Enter goes on, Escape cancels.
        next.disabledProperty().addListener((o, was, disabled) -> {
            if (!disabled) {
                keepFocusOnNext();
            }
        });
        stage.setOnCloseRequest(e -> { // the title bar's close, Alt+F4: never just drops a running plan
            RunPage p = runPage;
            if (p != null && p.running()) {
                e.consume();
                if (RunningPlans.askAbort(stage, 1, "and this window closes when that is done")) {
                    p.whenEnded(stage::close);
                    p.abortRun();
                }
            }
        });
        stage.setOnHidden(e -> {
            cluster.snapshotProperty().removeListener(onChange);
            cluster.snapshotProperty().removeListener(stateLine);
            RunPage p = runPage;
            boolean running = p != null && p.running();
            if (running) { // closed from outside (its owner went): abort, let the rollback finish
                p.abortRun();
            }
            model.close(running);
        });
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
    }

    /** Page 1; it sets whether Next is enabled. */
    protected abstract Node choosePage();

    /** Leaving page 1: hands the page's choices to the model. */
    protected abstract void collect();

    /** What the confirmation shows below its headline (a warning about the plan), or null. */
    protected Node confirmExtra(C checked) {
        return null;
    }

    /** Pages 5 and 6. */
    protected abstract void run(C checked);

    protected void show(int p) {
        page(p);
        back.setDisable(p == 0 || p >= 4);
        next.setText(p == 3 ? "_Run" : "_Next");
        next.setId(p == 3 ? "wizard-run" : "wizard-next");
        next.disableProperty().unbind();
        Node content = switch (p) {
            case 0 -> withState(choosePage());
            case 1 -> checksPage();
            case 2 -> planPage();
            default -> confirmPage();
        };
        root.setCenter(content);
        BorderPane.setMargin(content, new Insets(12));
        if (p > 0) {
            keepFocusOnNext();
        }
    }

    /** Gives Next the focus when it is enabled and the focus sits on Back, Cancel or nowhere. */
    private void keepFocusOnNext() {
        Node owner = stage.getScene() == null ? null : stage.getScene().getFocusOwner();
        if (!next.isDisabled() && (owner == null || owner == cancel || owner == back || owner == next)) {
            next.requestFocus();
        }
    }

    private final Label state = new Label();

    /** The first page, under a line with the chosen resource's state now (kept current while the page shows). */
    private Node withState(Node page) {
        state.setId("wizard-state");
        state.setWrapText(true);
        state.getStyleClass().add("text-muted");
        refreshState();
        return new VBox(10, state, page);
    }

    private void refreshState() {
        String s = model.currentState();
        state.setText(s == null ? "" : s);
        state.setVisible(s != null);
        state.setManaged(s != null);
    }

    private void forward() {
        PlanWizardModel.Page was = model.page();
        if (was == PlanWizardModel.Page.CHOOSE) {
            collect();
            String problem = model.choiceProblem();
            if (problem != null) {
                new Alert(Alert.AlertType.ERROR, problem).showAndWait();
                return;
            }
            try {
                model.forward();
            } catch (IllegalArgumentException e) {
                new Alert(Alert.AlertType.ERROR, e.getMessage()).showAndWait();
                return;
            }
            show(1);
            cluster.snapshotProperty().addListener(onChange);
        } else if (was == PlanWizardModel.Page.CONFIRM) {
            cluster.snapshotProperty().removeListener(onChange);
            model.running();
            run(model.checks());
        } else {
            show(model.forward().ordinal());
        }
    }

    private Node checksPage() {
        checkedAt.setText(model.reading());
        checkedAt.setId("wizard-checked-at");
        next.setDisable(!model.mayGoOn());
        if (model.checks() != null) {
            renderChecks(model.checks());
        }
        ScrollPane sp = new ScrollPane(checks);
        sp.setFitToWidth(true);
        VBox.setVgrow(sp, Priority.ALWAYS);
        return new VBox(8, checkedAt, sp);
    }

    private void renderChecks(C r) {
        CheckRows.render(checks, r.checks());
        checkedAt.setText("Checked at " + LocalTime.ofInstant(model.checkedAt() == null ? Instant.now()
                : model.checkedAt(), ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("HH:mm:ss"))
                + " from the nodes; re-checked whenever the cluster changes. " + (r.blocked()
                        ? "Blocked: fix what is marked BLOCK." : r.risky() ? "Some checks warn: read them." : "All clear."));
        PlanWizardModel.Page p = model.page();
        if (p == PlanWizardModel.Page.CHECKS) {
            if (shown != p) {
                show(p.ordinal()); // the cluster changed under the confirmation: back to the checks
            }
            next.setDisable(!model.mayGoOn());
        }
    }

    private Node planPage() {
        plan.setText(model.checks() == null ? "" : model.script(model.checks()));
        next.setDisable(!model.mayGoOn());
        Label l = new Label("The exact commands, per node. Each step re-reads its preconditions right before it runs "
                + "and confirms its result; the rollback is listed at the end.");
        l.setWrapText(true);
        VBox.setVgrow(plan, Priority.ALWAYS);
        return new VBox(8, l, plan);
    }

    private Node confirmPage() {
        C last = model.checks();
        Label what = new Label(model.headline(last));
        what.setStyle("-fx-font-size: 1.2em; -fx-font-weight: bold");
        what.setWrapText(true);
        VBox box = new VBox(10, what);
        Node extra = confirmExtra(last);
        if (extra != null) {
            box.getChildren().add(extra);
        }
        String name = model.confirmName();
        if (model.asksForName()) {
            Label warn = new Label("Some checks warn. Type the name (" + name + ") to go ahead.");
            warn.getStyleClass().add("warning");
            confirm.setText("");
            confirm.textProperty().addListener((o, a, b) -> model.typed(b));
            next.disableProperty().bind(confirm.textProperty().isNotEqualTo(name));
            box.getChildren().addAll(warn, confirm);
            Platform.runLater(confirm::requestFocus);
        } else {
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
        shown = PlanWizardModel.Page.values()[p];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PAGES.length; i++) {
            sb.append(i == p ? "▶ " + PAGES[i] : PAGES[i]).append(i < PAGES.length - 1 ? "    " : "");
        }
        pages.setText(sb.toString());
    }

    @Override
    public void attach(RunPage page) {
        runPage = page;
    }

    @Override
    public ExecutorService worker() {
        return model.lane();
    }
}
