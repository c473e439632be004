// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/**
 * The plans running in wizards now. A window that closes, or the app that quits, while one runs never just drops it:
 * the operator is asked "Abort and roll back?", and the plans are aborted through the engine (which rolls back) and
 * followed to their end. Used on the JavaFX thread.
 */
public final class RunningPlans {

    /** A running plan that can be aborted. */
    interface Abortable {
        /** Asks the engine to stop and roll back; returns at once. */
        void abort();

        /** Called (on the JavaFX thread) once the plan has ended, rolled back or not. */
        void whenEnded(Runnable r);
    }

    private static final List<Abortable> RUNNING = new CopyOnWriteArrayList<>();

    private RunningPlans() {
    }

    static void started(Abortable p) {
        RUNNING.add(p);
    }

    static void ended(Abortable p) {
        RUNNING.remove(p);
    }

    static boolean isRunning(Abortable p) {
        return RUNNING.contains(p);
    }

    public static int count() {
        return RUNNING.size();
    }

    /** The question asked before a running plan is walked away from; true when the operator chose to abort. */
    static boolean askAbort(Window owner, int plans, String then) {
        ButtonType abort = new ButtonType("Abort and roll back", ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType("Keep it running", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.WARNING, (plans == 1 ? "A plan is running" : plans + " plans are running")
                + ". Closing now would leave the cluster half way through it.\n\nAbort it: DRBD Pilot stops at the end "
                + "of the current step and rolls back what was done so far (a VM that already runs on the target is "
                + "finished there instead of moved back), " + then + ".", abort, keep);
        a.setHeaderText("Abort and roll back?");
        a.setTitle("A plan is running");
        a.initOwner(owner);
        a.getDialogPane().lookupButton(keep).setId("running-keep");
        a.getDialogPane().lookupButton(abort).setId("running-abort");
        ((Button) a.getDialogPane().lookupButton(keep)).setDefaultButton(true);
        ((Button) a.getDialogPane().lookupButton(abort)).setDefaultButton(false);
        return a.showAndWait().orElse(keep) == abort;
    }

    /**
     * Before the app quits: with no plan running, {@code quit} runs now. Otherwise the operator is asked; on abort,
     * every plan is aborted and {@code quit} runs once all have ended (after their rollbacks).
     *
     * @return false when the operator kept the plans running (nothing quits)
     */
    public static boolean beforeQuit(Window owner, Runnable quit) {
        List<Abortable> now = List.copyOf(RUNNING);
        if (now.isEmpty()) {
            quit.run();
            return true;
        }
        if (!askAbort(owner, now.size(), "and the app closes when that is done")) {
            return false;
        }
        now = List.copyOf(RUNNING); // some may have ended while the question was open
        if (now.isEmpty()) {
            quit.run();
            return true;
        }
        int[] left = {now.size()};
        for (Abortable p : now) {
            p.whenEnded(() -> {
                if (--left[0] == 0) {
                    Platform.runLater(quit);
                }
            });
            p.abort();
        }
        return true;
    }
}
