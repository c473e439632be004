// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ops.plan.StepRecord;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The last two pages of the operations' wizards (switchover, migration): the run, with each step's state, a progress bar, the elapsed time and the
 * live command log; Retry or Abort on a failed step (Abort leads into the rollback); then the result, with the end
 * state and, when the rollback could not finish, the commands left to run by hand.
 */
final class RunPage {

    /** The wizard window the run page takes over. */
    interface Host {
        BorderPane root();

        Button nextButton();

        Button backButton();

        Button cancelButton();

        void page(int p);

        ExecutorService worker();

        /** The run page now shown (the wizard asks it before its window closes). */
        default void attach(RunPage page) {
        }
    }

    /** The engine's run of the plan. */
    @FunctionalInterface
    interface Plan {
        PlanResult execute(PlanListener listener, Decider decider) throws InterruptedException;
    }


    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final Host wizard;
    private final Plan plan;
    private final Node extra;
    private final PlanListener also;
    private final ObservableList<StepRecord> rows = FXCollections.observableArrayList();
    private final ListView<StepRecord> list = new ListView<>(rows);
    private final TextArea log = new TextArea();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label elapsed = new Label("0 s");
    private final Label failure = new Label();
    private final Button retry = new Button("_Retry the step");
    private final Button abort = new Button("_Abort and roll back");
    private final HBox decide = new HBox(8, retry, abort);
    private final int planSteps;
    private Timeline clock;
    private CompletableFuture<Decider.Decision> decision;

    /**
     * @param extra shown above the steps while it runs and on the result (the dual-primary timeline), or null
     * @param also  hears everything the plan reports too (on the engine's thread), or null
     */
    RunPage(Host wizard, List<Step> steps, Plan plan, Node extra, PlanListener also) {
        this.wizard = wizard;
        this.plan = plan;
        this.extra = extra;
        this.also = also == null ? PlanListener.NONE : also;
        planSteps = steps.size();
        for (int i = 0; i < steps.size(); i++) {
            rows.add(new StepRecord(i, false, steps.get(i).title(), steps.get(i).node(), StepRecord.Status.PENDING,
                    java.time.Duration.ZERO, "", ""));
        }
        list.setId("wizard-steps");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(StepRecord s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeAll("success", "danger", "warning");
                if (empty || s == null) {
                    setText(null);
                    return;
                }
                String mark = switch (s.status()) {
                    case PENDING -> "○";
                    case RUNNING -> "◐";
                    case DONE -> "✔";
                    case FAILED -> "✖";
                    case SKIPPED -> "–";
                };
                setText(mark + "  " + (s.rollback() ? "Rollback: " : "") + s.title()
                        + (s.status() == StepRecord.Status.DONE || s.status() == StepRecord.Status.FAILED
                                ? "   (" + s.took().toMillis() + " ms)" : "")
                        + (s.message().isEmpty() ? "" : "\n    " + s.message()));
                if (s.status() == StepRecord.Status.DONE) {
                    getStyleClass().add("success");
                } else if (s.status() == StepRecord.Status.FAILED) {
                    getStyleClass().add("danger");
                }
            }
        });
        log.setId("wizard-log");
        log.setEditable(false);
        log.setStyle("-fx-font-family: monospace");
        progress.setId("wizard-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        elapsed.setId("wizard-elapsed");
        failure.setId("wizard-failure");
        failure.setWrapText(true);
        failure.getStyleClass().add("danger");
        retry.setId("wizard-retry");
        abort.setId("wizard-abort");
        retry.setOnAction(e -> decide(Decider.Decision.RETRY));
        abort.setOnAction(e -> decide(Decider.Decision.ABORT));
        decide.setVisible(false);
        decide.setManaged(false);
    }

    void start() {
        wizard.page(4);
        HBox top = new HBox(10, progress, elapsed);
        HBox.setHgrow(progress, Priority.ALWAYS);
        VBox.setVgrow(log, Priority.ALWAYS);
        list.setPrefHeight(220);
        VBox box = new VBox(8, top, list, failure, decide, new Label("Commands, as they run:"), log);
        if (extra != null) {
            box.getChildren().add(1, extra);
        }
        box.setPadding(new Insets(12));
        wizard.root().setCenter(box);
        wizard.backButton().setDisable(true);
        wizard.nextButton().disableProperty().unbind();
        wizard.nextButton().setDisable(true);
        wizard.cancelButton().setDisable(true); // a running plan is not walked away from: Abort is the way out
        Instant t0 = Instant.now();
        clock = new Timeline(new KeyFrame(Duration.millis(200), e -> elapsed.setText(String.format("%.1f s",
                java.time.Duration.between(t0, Instant.now()).toMillis() / 1000.0))));
        clock.setCycleCount(Timeline.INDEFINITE);
        clock.play();
        RunningPlans.started(running);
        wizard.attach(this);
        wizard.worker().execute(() -> {
            runner = Thread.currentThread();
            PlanResult r = null;
            try {
                r = plan.execute(listener(), this::ask); // an interrupt is the engine's abort: it rolls back
            } catch (InterruptedException e) {
                Thread.interrupted();
            } finally {
                runner = null;
                PlanResult res = r;
                Platform.runLater(() -> {
                    RunningPlans.ended(running);
                    if (res != null) {
                        result(res);
                    }
                    ended.forEach(Runnable::run);
                    ended.clear();
                });
            }
        });
    }

    private PlanListener listener() {
        return new PlanListener() {
            @Override
            public boolean abortRequested() {
                return abortAsked;
            }

            @Override
            public void stepStarted(StepRecord s) {
                also.stepStarted(s);
                Platform.runLater(() -> put(s));
            }

            @Override
            public void stepFinished(StepRecord s) {
                also.stepFinished(s);
                Platform.runLater(() -> put(s));
            }

            @Override
            public void dualPrimary(String res, boolean open, java.time.Duration d, boolean overLimit) {
                also.dualPrimary(res, open, d, overLimit);
            }

            @Override
            public void progress(String what, double fraction) {
                also.progress(what, fraction);
            }

            @Override
            public void command(String node, RemoteCommand c, CommandResult r) {
                String line = LocalTime.now().format(TIME) + "  " + node + (r == null ? "$ " + RemoteText.line(
                        c.toString()) : "   → exit " + r.exitCode() + " in " + r.duration().toMillis() + " ms"
                                + (r.ok() || r.stderr().isBlank() ? "" : ": " + RemoteText.line(r.stderr().strip())));
                Platform.runLater(() -> log.appendText(line + "\n"));
            }

            @Override
            public void log(String line) {
                also.log(line);
                Platform.runLater(() -> log.appendText(LocalTime.now().format(TIME) + "  " + RemoteText.line(line)
                        + "\n"));
            }

            @Override
            public void rollbackStarted(String why) {
                Platform.runLater(() -> {
                    failure.setText("Rolling back: " + why);
                    log.appendText(LocalTime.now().format(TIME) + "  ROLLBACK: " + why + "\n");
                });
            }
        };
    }

    private void put(StepRecord s) {
        int i = -1;
        for (int k = 0; k < rows.size(); k++) {
            if (rows.get(k).index() == s.index() && rows.get(k).rollback() == s.rollback()) {
                i = k;
            }
        }
        if (i < 0) {
            rows.add(s);
        } else {
            rows.set(i, s);
        }
        long done = rows.stream().filter(r -> !r.rollback() && r.status() == StepRecord.Status.DONE).count();
        progress.setProgress(planSteps == 0 ? 1 : (double) done / planSteps);
        list.scrollTo(s);
    }

    private volatile Thread runner;
    private volatile boolean abortAsked;
    private final List<Runnable> ended = new ArrayList<>();
    private final RunningPlans.Abortable running = new RunningPlans.Abortable() {
        @Override
        public void abort() {
            abortRun();
        }

        @Override
        public void whenEnded(Runnable r) {
            RunPage.this.whenEnded(r); // at once when it ended meanwhile (while the question was open)
        }
    };

    /** Runs {@code r} on the JavaFX thread once the plan has ended (at once when it is not running). */
    void whenEnded(Runnable r) {
        if (running()) {
            ended.add(r);
        } else {
            r.run();
        }
    }

    /** Whether the plan runs now (its rollback included). */
    boolean running() {
        return RunningPlans.isRunning(running);
    }

    /**
     * Stops the plan: a pending Retry/Abort question is answered Abort, otherwise the engine's thread is interrupted,
     * which the engine takes as an abort (it finishes the current command, then rolls back).
     */
    void abortRun() {
        abortAsked = true;
        failure.setText("Aborting: the plan stops after the current step and rolls back.");
        if (decision != null && !decision.isDone()) {
            decision.complete(Decider.Decision.ABORT);
            return;
        }
        Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Called on the engine's thread: shows Retry/Abort and waits for the operator. */
    private Decider.Decision ask(StepRecord step, StepFailed why) throws InterruptedException {
        CompletableFuture<Decider.Decision> d = new CompletableFuture<>();
        Platform.runLater(() -> {
            decision = d;
            failure.setText("\"" + step.title() + "\" failed: " + why.getMessage() + "\n→ " + why.remedy()
                    + "\nRetry it after fixing the cause, or abort: " + (step.rollback()
                            ? "the rollback then stops and shows what is left to do by hand."
                            : "everything done so far is undone."));
            decide.setVisible(true);
            decide.setManaged(true);
            retry.requestFocus();
        });
        try {
            return d.get();
        } catch (ExecutionException e) {
            return Decider.Decision.ABORT;
        }
    }

    private void decide(Decider.Decision d) {
        decide.setVisible(false);
        decide.setManaged(false);
        if (d == Decider.Decision.RETRY) {
            failure.setText("");
        }
        if (decision != null) {
            decision.complete(d);
        }
    }

    private void result(PlanResult r) {
        clock.stop();
        wizard.page(5);
        Label head = new Label(switch (r.outcome()) {
            case DONE -> "Done and verified";
            case BLOCKED -> "Blocked: nothing was changed";
            case ROLLED_BACK -> "Failed, and rolled back";
            case MANUAL -> "Failed, and NOT rolled back: act by hand";
        } + "  (" + String.format("%.1f s", r.elapsed().toMillis() / 1000.0) + ")");
        head.setId("wizard-result");
        head.getStyleClass().add(r.outcome() == Outcome.DONE ? "success" : r.outcome() == Outcome.MANUAL ? "danger"
                : "warning");
        head.setStyle("-fx-font-size: 1.4em; -fx-font-weight: bold");
        Label msg = new Label(r.message());
        msg.setWrapText(true);
        msg.setMinHeight(Region.USE_PREF_SIZE);
        msg.setId("wizard-result-message");
        VBox box = new VBox(10, head, msg);
        if (extra != null) {
            box.getChildren().add(extra);
        }
        if (!r.state().isEmpty()) {
            Label state = new Label("State now:\n  " + String.join("\n  ", r.state()));
            state.setMinHeight(Region.USE_PREF_SIZE);
            box.getChildren().add(state);
        }
        if (!r.manual().isEmpty()) {
            TextArea manual = new TextArea(String.join("\n", r.manual()));
            manual.setId("wizard-manual");
            manual.setEditable(false);
            manual.setStyle("-fx-font-family: monospace");
            box.getChildren().addAll(new Label("Run these by hand, in order, after checking the state:"), manual);
        }
        VBox.setVgrow(list, Priority.ALWAYS);
        log.setPrefRowCount(8);
        box.getChildren().addAll(new Label("Steps:"), list, new Label("Commands (also in the audit file and in "
                + "each node's syslog, tag drbd-pilot):"), log);
        box.setPadding(new Insets(12));
        // the Close button first, then the result: whoever sees the result (a test's thread too) finds Close ready
        wizard.cancelButton().setText("_Close");
        wizard.cancelButton().setId("wizard-close");
        wizard.cancelButton().setDisable(false);
        wizard.nextButton().setVisible(false);
        wizard.backButton().setVisible(false);
        wizard.root().setCenter(box);
        wizard.cancelButton().requestFocus();
    }
}
