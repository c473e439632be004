// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.AlertGate;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.ssh.SessionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    private final Consumer<Runnable> ui;
    private final ScheduledExecutorService throttle = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ui-throttle").daemon().factory());
    private final ObservableList<ClusterEntry> clusters = FXCollections.observableArrayList();
    private final ObjectProperty<Selection> selection = new SimpleObjectProperty<>();
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty problemsOnly = new SimpleBooleanProperty();
    private final ObservableList<AlertGate.Alert> alerts = FXCollections.observableArrayList();
    private final AlertGate gate;

    /** @param ui runs a task on the UI thread */
    public WorkspaceViewModel(Consumer<Runnable> ui) {
        this(ui, new AlertGate(3, Duration.ofSeconds(30)));
    }

    WorkspaceViewModel(Consumer<Runnable> ui, AlertGate gate) {
        this.ui = ui;
        this.gate = gate;
    }

    /** Opens (or reopens) a cluster; it connects in the background and appears at once as "connecting". */
    public ClusterEntry open(ClusterSettings settings, SessionFactory sessions, boolean simulated) {
        close(settings.name());
        ClusterEntry e = ClusterEntry.open(settings, sessions, simulated, ui, throttle,
                ClusterEntry.gated(gate, this::alert, ui));
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
        throttle.shutdownNow();
    }
}
