// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.ui.task.UiTasks;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The demo's faults as a menu, run one after the other off the UI thread; the monitor sees their effect. */
public final class DemoMenu {

    private static final Logger LOG = LoggerFactory.getLogger(DemoMenu.class);

    private DemoMenu() {
    }

    public static Menu create(Demo demo, UiTasks tasks, Consumer<String> status) {
        Menu m = new Menu("_Demo");
        m.setId("menu-demo");
        ExecutorService lane = tasks.lane("demo-faults");
        int group = -1;
        for (Demo.Fault f : demo.faults()) {
            if (group >= 0 && f.group() != group) {
                m.getItems().add(new SeparatorMenuItem());
            }
            group = f.group();
            MenuItem item = new MenuItem(f.text());
            item.setId(f.id());
            item.setOnAction(e -> {
                status.accept("Demo: " + f.text().replace("_", ""));
                lane.execute(() -> {
                    try {
                        f.run().run();
                    } catch (RuntimeException ex) {
                        LOG.warn("Demo action failed", ex);
                    }
                });
            });
            m.getItems().add(item);
        }
        return m;
    }
}
