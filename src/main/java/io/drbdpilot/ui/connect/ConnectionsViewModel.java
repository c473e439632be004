// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.connect;

import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.ClusterValidation;
import io.drbdpilot.settings.NodeSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import io.drbdpilot.ui.task.UiTasks;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The connection manager's state: a working copy of the configured clusters, edited freely and saved only when every
 * entry is valid. Testing and importing run in the background and report on the UI thread. Nothing secret is kept.
 */
public final class ConnectionsViewModel implements AutoCloseable {

    /** The outcome of testing one node. */
    public record TestResult(String node, boolean ok, String message) {
    }

    private final NodeLinks links;
    private final UiTasks tasks;
    private final ObservableList<ClusterSettings> clusters = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final List<Future<?>> running = new CopyOnWriteArrayList<>();

    public ConnectionsViewModel(List<ClusterSettings> current, NodeLinks links, UiTasks tasks) {
        this.links = links;
        this.tasks = tasks;
        clusters.setAll(current);
    }

    public ObservableList<ClusterSettings> clusters() {
        return clusters;
    }

    /** A test or an import runs. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** Adds an empty cluster with a free name; returns its index. */
    public int addCluster() {
        int i = clusters.size() + 1;
        while (names().contains("cluster-" + i)) {
            i++;
        }
        clusters.add(new ClusterSettings("cluster-" + i, List.of()));
        return clusters.size() - 1;
    }

    public void replace(int index, ClusterSettings c) {
        clusters.set(index, c);
    }

    public void remove(int index) {
        clusters.remove(index);
    }

    private Set<String> names() {
        Set<String> out = new HashSet<>();
        clusters.forEach(c -> out.add(c.name()));
        return out;
    }

    /** What is wrong with the working copy, in words; empty when it can be saved. */
    public List<String> problems() {
        return ClusterValidation.problems(clusters, links::resolve);
    }

    /**
     * Connects to every node of a cluster (in parallel), reads its host name and DRBD versions, and reports each
     * node's result on the UI thread, then {@code done}.
     */
    public void test(ClusterSettings c, Consumer<TestResult> each, Runnable done) {
        busy.set(true);
        List<Future<?>> jobs = new ArrayList<>();
        for (NodeSettings n : c.nodes()) {
            jobs.add(track(tasks.background(() -> {
                TestResult r = testNode(c, n);
                tasks.onUi(() -> each.accept(r));
            })));
        }
        track(tasks.background(() -> {
            for (Future<?> f : jobs) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | CancellationException e) {
                    // reported by the job itself, or the manager closed
                }
            }
            tasks.onUi(() -> {
                busy.set(false);
                done.run();
            });
        }));
    }

    TestResult testNode(ClusterSettings c, NodeSettings n) {
        NodeLinks.TestResult r = links.test(c, n);
        return new TestResult(r.node(), r.ok(), r.message());
    }

    /**
     * Reads a node's DRBD configuration and proposes a cluster of every host it names; the proposal is added to the
     * working copy (selected by the caller through {@code added}). SSH targets of the other hosts are guesses.
     */
    public void importFrom(String target, String name, Consumer<Integer> added, Consumer<String> failed) {
        busy.set(true);
        track(tasks.background(() -> links.importFrom(target), found -> {
            busy.set(false);
            String free = name;
            int i = 2;
            while (names().contains(free)) {
                free = name + "-" + i++;
            }
            clusters.add(new ClusterSettings(free, found.nodes()));
            added.accept(clusters.size() - 1);
            if (!found.skipped().isEmpty()) {
                failed.accept("Imported, but left out: " + String.join("; ", found.skipped()));
            }
        }, e -> {
            busy.set(false);
            failed.accept("Import from " + target + " failed: " + e.getMessage());
        }));
    }

    private Future<?> track(Future<?> f) {
        running.removeIf(Future::isDone);
        running.add(f);
        return f;
    }

    @Override
    public void close() {
        running.forEach(f -> f.cancel(true)); // the manager closed: its tests and imports stop
    }
}
