// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.app.DemoWiring;
import io.drbdpilot.settings.Settings;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.ui.workspace.Demo;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window shows before the demo's SSH servers run (the app starts them meanwhile): the demo joins the open window
 * when it is ready, with its menu; one that arrives after the window closed is closed at once.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class LateDemoUiTest {

    @TempDir
    static Path dir;

    private Stage stage;
    private MainWindow window;
    private WorkspaceViewModel ws;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path file = Files.createTempDirectory(dir, "cfg").resolve("settings.json");
        SettingsStore store = new SettingsStore(file);
        store.save(Settings.defaults());
        ws = new WorkspaceViewModel(Platform::runLater);
        window = new MainWindow(new MainViewModel(store, store.load()), new AboutDialog.AboutInfo("1.0.0",
                file.toString(), "/tmp", Optional.empty()), ws, null, null);
        window.show(stage);
    }

    @Test
    void theDemoJoinsTheShownWindowAndOneArrivingAfterItClosedIsClosed(FxRobot robot) throws Exception {
        assertThat(ws.clusters()).isEmpty();
        assertThat(robot.lookup("#menu-demo").tryQuery()).isEmpty();
        DemoCluster demo = DemoCluster.start(Files.createTempDirectory(dir, "demo"));
        try {
            robot.interact(() -> window.attachDemo(new DemoWiring(demo)));
            await().atMost(Duration.ofSeconds(20)).until(() -> ws.find(DemoCluster.NAME).isPresent()
                    && robot.lookup("#menu-demo").tryQuery().isPresent());
            robot.interact(stage::close);
            AtomicBoolean closed = new AtomicBoolean();
            robot.interact(() -> window.attachDemo(new Demo() {
                @Override
                public io.drbdpilot.settings.ClusterSettings settings() {
                    throw new AssertionError("a closed window opens no demo");
                }

                @Override
                public io.drbdpilot.cluster.NodeLinks links() {
                    throw new AssertionError("a closed window opens no demo");
                }

                @Override
                public java.util.List<Fault> faults() {
                    return java.util.List.of();
                }

                @Override
                public void close() {
                    closed.set(true);
                }
            }));
            assertThat(closed).as("a demo that arrives after the window closed is closed").isTrue();
        } finally {
            demo.close();
        }
    }
}
