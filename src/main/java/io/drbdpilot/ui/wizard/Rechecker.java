// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.util.Duration;

/**
 * The wizards' live checks: read on the worker whenever asked (the cluster changed), but never closer together than
 * {@link #GAP}. Every check is some twenty reads on the nodes, however busy the cluster. Asked while a check runs, it
 * checks once more after it. FX thread, except the check itself.
 *
 * @param <R> what a check returns
 */
final class Rechecker<R> {

    /** How a check is read; off the UI thread. */
    @FunctionalInterface
    interface Check<R> {
        R read() throws InterruptedException;
    }

    static final Duration GAP = Duration.seconds(2);

    private final ExecutorService worker;
    private final Consumer<R> onResult;
    private boolean checking;
    private boolean dirty;

    /** @param onResult gets each result on the FX thread (not when the check failed) */
    Rechecker(ExecutorService worker, Consumer<R> onResult) {
        this.worker = worker;
        this.onResult = onResult;
    }

    void request(Check<R> check) {
        if (checking) {
            dirty = true;
            return;
        }
        if (worker.isShutdown()) { // the wizard closed: a late request has nowhere to run
            return;
        }
        checking = true;
        dirty = false;
        worker.execute(() -> {
            R r;
            try {
                r = check.read();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                r = null;
            }
            R res = r;
            Platform.runLater(() -> {
                if (res != null) {
                    onResult.accept(res);
                }
                PauseTransition gap = new PauseTransition(GAP);
                gap.setOnFinished(e -> {
                    checking = false;
                    if (dirty) {
                        request(check);
                    }
                });
                gap.play();
            });
        });
    }
}
