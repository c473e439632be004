// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.AlertGate;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.ui.task.UiTasks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The workspace: the open clusters, what is selected, the navigator's filter and the notifications. Properties change
 * on the UI thread only; everything slow runs on the clusters' own threads. No toolkit is needed to use it.
 */
public final class WorkspaceViewModel implements AutoCloseable {

    /** What the user looks at: a cluster, a node of it, or a resource (on a node or cluster-wide). */
    public record Selection(String cluster, String node, String resource) {
    }

    /**
     * What the cluster map narrowed the navigator to: the resources of one node or of one pair of nodes.
     *
     * @param resources the resources shown, or null for all of the nodes' resources
     * @param label     what the navigator says it shows ("alpha ↔ beta · 2 resources")
     */
    public record Scope(String cluster, java.util.Set<String> nodes, java.util.Set<String> resources, String label) {

        public Scope {
            nodes = java.util.Set.copyOf(nodes);
            resources = resources == null ? null : java.util.Set.copyOf(resources);
        }

        public boolean shows(String node, String resource) {
            return nodes.contains(node) && (resource == null || resources == null || resources.contains(resource));
        }
    }

    private final UiTasks tasks;
    private final boolean ownsTasks;
    private final ObservableList<ClusterEntry> clusters = FXCollections.observableArrayList();
    private final ObjectProperty<Selection> selection = new SimpleObjectProperty<>();
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty problemsOnly = new SimpleBooleanProperty();
    private final ObjectProperty<Scope> scope = new SimpleObjectProperty<>();
    private final ObservableList<AlertGate.Alert> alerts = FXCollections.observableArrayList();
    private final AlertGate gate;

    /** @param tasks the UI's task runner (the app's; it outlives this) */
    public WorkspaceViewModel(UiTasks tasks) {
        this(tasks, false, new AlertGate(3, Duration.ofSeconds(30)));
    }

    /** A workspace with a task runner of its own, ended by {@link #close()}; @param ui runs a task on the UI thread */
    public WorkspaceViewModel(Consumer<Runnable> ui) {
        this(new UiTasks(ui), true, new AlertGate(3, Duration.ofSeconds(30)));
    }

    WorkspaceViewModel(Consumer<Runnable> ui, AlertGate gate) {
        this(new UiTasks(ui), true, gate);
    }

    private WorkspaceViewModel(UiTasks tasks, boolean ownsTasks, AlertGate gate) {
        this.tasks = tasks;
        this.ownsTasks = ownsTasks;
        this.gate = gate;
    }

    /** The UI's task runner, for the views and wizards of this workspace. */
    public UiTasks tasks() {
        return tasks;
    }

    /** Opens (or reopens) a cluster; it connects in the background and appears at once as "connecting". */
    public ClusterEntry open(ClusterSettings settings, NodeLinks links, boolean simulated) {
        close(settings.name());
        ClusterEntry e = ClusterEntry.open(settings, links, simulated, tasks.ui(), tasks.timer(),
                ClusterEntry.gated(gate, this::alert, tasks.ui()));
        e.watchDrift(tasks, 3);
        clusters.add(e);
        return e;
    }

    private void alert(AlertGate.Alert a) {
        alerts.add(a);
        if (alerts.size() > 200) {
            alerts.remove(0, alerts.size() - 200);
        }
    }

    /** Closes a cluster's sessions and removes it; the selection moves off it. */
    public void close(String name) {
        find(name).ifPresent(e -> {
            clusters.remove(e);
            e.close();
            if (scope.get() != null && scope.get().cluster().equals(name)) {
                scope.set(null);
            }
            Selection s = selection.get();
            if (s != null && s.cluster().equals(name)) {
                selection.set(null);
            }
        });
    }

    public Optional<ClusterEntry> find(String name) {
        return clusters.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public ObservableList<ClusterEntry> clusters() {
        return clusters;
    }

    public ObjectProperty<Selection> selectionProperty() {
        return selection;
    }

    /** The cluster map's narrowing of the navigator, or null. */
    public ObjectProperty<Scope> scopeProperty() {
        return scope;
    }

    /** Text that node and resource names must contain (case-insensitive); empty for everything. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** Show only what has a warning, a danger or is stale. */
    public BooleanProperty problemsOnlyProperty() {
        return problemsOnly;
    }

    /** The notifications so far (newest last, at most 200); the view shows each as it arrives. */
    public ObservableList<AlertGate.Alert> alerts() {
        return alerts;
    }

    /** Names of the clusters open now. */
    public List<String> names() {
        return clusters.stream().map(ClusterEntry::name).toList();
    }

    @Override
    public void close() {
        List.copyOf(clusters).forEach(e -> close(e.name()));
        if (ownsTasks) {
            tasks.close(Duration.ofSeconds(2));
        }
    }
}
