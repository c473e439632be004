// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UI's one task runner, handed to every view-model and view that works off the UI thread: background work, its
 * result back on the UI thread, serial lanes (a wizard's plan and checks run one after the other), and one timer for
 * throttled updates. Every thread it starts is its own, so {@link #close(Duration)} ends them all within a bound when
 * the app stops.
 */
public final class UiTasks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UiTasks.class);

    private final Consumer<Runnable> ui;
    private final ExecutorService background;
    private final ScheduledExecutorService timer;
    private final List<ExecutorService> lanes = new CopyOnWriteArrayList<>();

    /** @param ui runs a task on the UI thread ({@code Platform::runLater}; tests pass {@code Runnable::run}) */
    public UiTasks(Consumer<Runnable> ui) {
        this.ui = ui;
        this.background = Executors.newCachedThreadPool(Thread.ofPlatform().name("ui-task-", 0).daemon().factory());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ui-timer").daemon()
                .factory());
        lanes.add(background);
        lanes.add(timer);
    }

    /** Runs a task on the UI thread. */
    public void onUi(Runnable r) {
        ui.accept(r);
    }

    /** The UI thread as a consumer, for code that takes one. */
    public Consumer<Runnable> ui() {
        return ui;
    }

    /** Runs work in the background. */
    public Future<?> background(Runnable work) {
        return background.submit(work);
    }

    /**
     * Runs work in the background and hands its result, or what it threw, to the UI thread. An interrupt (the app
     * stopping) hands nothing.
     */
    public <T> Future<?> background(Callable<T> work, Consumer<T> onResult, Consumer<Exception> onFailure) {
        return background.submit(() -> {
            try {
                T v = work.call();
                ui.accept(() -> onResult.accept(v));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                ui.accept(() -> onFailure.accept(e));
            }
        });
    }

    /**
     * A serial lane of its own (one thread, tasks in order), ended with the others at {@link #close}; its owner may
     * end it earlier with {@code shutdownNow()}.
     */
    public ExecutorService lane(String name) {
        ExecutorService lane = Executors.newSingleThreadExecutor(Thread.ofPlatform().name(name).daemon().factory());
        lanes.removeIf(ExecutorService::isTerminated);
        lanes.add(lane);
        return lane;
    }

    /** The timer for delayed and throttled UI updates. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * Interrupts every task and waits at most {@code max} in all for the threads to end. Returns whether they did; a
     * thread stuck past the bound is a daemon and is left to the JVM's exit.
     */
    public boolean close(Duration max) {
        lanes.forEach(ExecutorService::shutdownNow);
        long deadline = System.nanoTime() + max.toNanos();
        boolean all = true;
        for (ExecutorService e : lanes) {
            try {
                all &= e.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (!all) {
            LOG.warn("UI tasks still running {} ms after the stop; leaving them to the exit", max.toMillis());
        }
        return all;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
