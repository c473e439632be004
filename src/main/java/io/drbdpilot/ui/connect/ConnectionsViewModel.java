// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.connect;

import io.drbdpilot.cluster.ClusterImport;
import io.drbdpilot.drbd.model.UtilsVersion;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.drbd.parse.VersionParser;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.ClusterValidation;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.NodeSession;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SessionFactory;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The connection manager's state: a working copy of the configured clusters, edited freely and saved only when every
 * entry is valid. Testing and importing run in the background and report on the UI thread. Nothing secret is kept.
 */
public final class ConnectionsViewModel implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The outcome of testing one node. */
    public record TestResult(String node, boolean ok, String message) {
    }

    private final SessionFactory sessions;
    private final Consumer<Runnable> ui;
    private final ObservableList<ClusterSettings> clusters = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ExecutorService worker = Executors.newCachedThreadPool(Thread.ofPlatform().name("connections").daemon().factory());

    public ConnectionsViewModel(List<ClusterSettings> current, SessionFactory sessions, Consumer<Runnable> ui) {
        this.sessions = sessions;
        this.ui = ui;
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
        return ClusterValidation.problems(clusters, sessions::resolve);
    }

    /**
     * Connects to every node of a cluster (in parallel), reads its host name and DRBD versions, and reports each
     * node's result on the UI thread, then {@code done}.
     */
    public void test(ClusterSettings c, Consumer<TestResult> each, Runnable done) {
        busy.set(true);
        List<Future<?>> jobs = new ArrayList<>();
        for (NodeSettings n : c.nodes()) {
            jobs.add(worker.submit(() -> {
                TestResult r = testNode(n);
                ui.accept(() -> each.accept(r));
            }));
        }
        worker.execute(() -> {
            for (Future<?> f : jobs) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    // reported by the job itself
                }
            }
            ui.accept(() -> {
                busy.set(false);
                done.run();
            });
        });
    }

    TestResult testNode(NodeSettings n) {
        long t0 = System.nanoTime();
        try (NodeSession s = sessions.open(n.target())) {
            s.connect();
            String host = s.run(RemoteCommand.of("uname", "-n"), TIMEOUT).stdout().strip();
            CommandResult v = s.run(RemoteCommand.root("drbdadm", "--version"), TIMEOUT);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (!v.ok()) {
                return new TestResult(n.name(), false, "Connected to " + host + ", but 'drbdadm --version' failed "
                        + "(exit " + v.exitCode() + "): " + v.stderr().strip() + ". Is drbd-utils installed, and may "
                        + "this login use sudo?");
            }
            return new TestResult(n.name(), true, "OK in " + ms + " ms: host " + host + ", " + versions(v.stdout()));
        } catch (SshException e) {
            return new TestResult(n.name(), false, e.getMessage());
        } catch (RuntimeException e) {
            return new TestResult(n.name(), false, "Unexpected error: " + e);
        }
    }

    static String versions(String drbdadmVersion) {
        try {
            UtilsVersion v = VersionParser.parse(drbdadmVersion)
                    .value();
            return "DRBD " + (v.kernelVersion() == null ? "module not loaded" : v.kernelVersion()) + ", drbd-utils "
                    + (v.utilsVersion() == null ? "?" : v.utilsVersion());
        } catch (ParseException e) {
            return "unreadable drbdadm --version output";
        }
    }

    /**
     * Reads a node's DRBD configuration and proposes a cluster of every host it names; the proposal is added to the
     * working copy (selected by the caller through {@code added}). SSH targets of the other hosts are guesses.
     */
    public void importFrom(String target, String name, Consumer<Integer> added, Consumer<String> failed) {
        busy.set(true);
        worker.execute(() -> {
            try (NodeSession s = sessions.open(target)) {
                List<String> skipped = new ArrayList<>();
                List<ClusterImport.ProposedNode> found = ClusterImport.fromNode(s, skipped);
                List<NodeSettings> nodes = found.stream().map(p -> new NodeSettings(p.drbdHost(), p.proposedTarget(),
                        !p.proposedTarget().startsWith("root@"))).toList();
                ui.accept(() -> {
                    busy.set(false);
                    String free = name;
                    int i = 2;
                    while (names().contains(free)) {
                        free = name + "-" + i++;
                    }
                    clusters.add(new ClusterSettings(free, nodes));
                    added.accept(clusters.size() - 1);
                    if (!skipped.isEmpty()) {
                        failed.accept("Imported, but left out: " + String.join("; ", skipped));
                    }
                });
            } catch (SshException | ParseException | RuntimeException e) {
                ui.accept(() -> {
                    busy.set(false);
                    failed.accept("Import from " + target + " failed: " + e.getMessage());
                });
            }
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
