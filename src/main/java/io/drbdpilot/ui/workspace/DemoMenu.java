// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.sim.SimCluster;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Faults for the demo cluster, run off the UI thread; the monitor sees their effect like any real change. */
public final class DemoMenu {

    private static final Logger LOG = LoggerFactory.getLogger(DemoMenu.class);
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("demo-faults").daemon().factory());

    private DemoMenu() {
    }

    public static Menu create(DemoCluster demo, Consumer<String> status) {
        Menu m = new Menu("_Demo");
        m.setId("menu-demo");
        m.getItems().addAll(
                item("_Reset the demo cluster", "demo-reset", demo, status, c -> demo.reset()),
                new SeparatorMenuItem(),
                item("Cut the link node-a ↔ node-c", "demo-cut", demo, status, c -> c.cut("node-a", "node-c")),
                item("Heal all links", "demo-heal", demo, status, c -> {
                    c.heal("node-a", "node-b");
                    c.heal("node-a", "node-c");
                    c.heal("node-b", "node-c");
                }),
                item("Crash node-b", "demo-crash", demo, status, c -> c.crash("node-b")),
                item("Restart node-b", "demo-restart", demo, status, c -> c.restart("node-b")),
                new SeparatorMenuItem(),
                item("Start a writer on web (node-a)", "demo-writer", demo, status,
                        c -> c.startWriter("node-a", "web", 8 * 1024)),
                item("Stop the writer", "demo-writer-stop", demo, status, c -> c.stopWriters("node-a", "web")),
                item("Make the resync of db stuck", "demo-stuck", demo, status, c -> c.stuckResync("db", true)),
                item("Release the stuck resync", "demo-unstuck", demo, status, c -> c.stuckResync("db", false)));
        return m;
    }

    private static MenuItem item(String text, String id, DemoCluster demo, Consumer<String> status,
            Consumer<SimCluster> action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.setOnAction(e -> {
            status.accept("Demo: " + text.replace("_", ""));
            WORKER.execute(() -> {
                try {
                    action.accept(demo.cluster());
                } catch (RuntimeException ex) {
                    LOG.warn("Demo action failed", ex);
                }
            });
        });
        return item;
    }
}
