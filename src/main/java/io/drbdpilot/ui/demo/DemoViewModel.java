// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.demo;

import io.drbdpilot.sim.DemoCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo cluster for the UI: reads it on a background thread once a second (and right after a fault), and hands the
 * result to the FX thread through {@code ui}, coalesced so a burst of reads costs one update.
 */
public final class DemoViewModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoViewModel.class);

    private final DemoCluster demo;
    private final Consumer<Runnable> ui;
    private final ScheduledExecutorService worker;
    private final AtomicReference<List<DemoCluster.NodeView>> pending = new AtomicReference<>();
    private final ReadOnlyObjectWrapper<List<DemoCluster.NodeView>> nodes = new ReadOnlyObjectWrapper<>(List.of());

    public DemoViewModel(DemoCluster demo, Consumer<Runnable> ui, Duration refresh) {
        this.demo = demo;
        this.ui = ui;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-reader");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::read, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest reading of every node; changes on the FX thread only. */
    public ReadOnlyObjectProperty<List<DemoCluster.NodeView>> nodesProperty() {
        return nodes.getReadOnlyProperty();
    }

    /** Runs a fault or reset off the FX thread, then reads the cluster again. */
    public void act(Consumer<DemoCluster> action) {
        worker.execute(() -> {
            try {
                action.accept(demo);
            } catch (RuntimeException e) {
                LOG.warn("Demo action failed", e);
            }
            read();
        });
    }

    private void read() {
        try {
            if (pending.getAndSet(demo.read()) == null) {
                ui.accept(() -> nodes.set(pending.getAndSet(null)));
            }
        } catch (RuntimeException e) {
            LOG.warn("Reading the demo cluster failed", e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        demo.close();
    }
}
