// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.app.DemoWiring;
import io.drbdpilot.settings.Settings;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The TestFX tests' window: fresh settings, the demo cluster served over SSH, the main window on the given stage,
 * and its orderly end. One place for what every demo-driven UI test starts with.
 */
final class DemoWindow implements AutoCloseable {

    final DemoCluster demo;
    final WorkspaceViewModel ws;
    final MainWindow window;

    private DemoWindow(DemoCluster demo, WorkspaceViewModel ws, MainWindow window) {
        this.demo = demo;
        this.ws = ws;
        this.window = window;
    }

    /** Shows the window on {@code stage}, its files under {@code dir}; the audit goes to {@code auditFile} if set. */
    static DemoWindow show(Stage stage, Path dir, Path auditFile) throws Exception {
        Path file = Files.createTempDirectory(dir, "cfg").resolve("settings.json");
        SettingsStore store = new SettingsStore(file);
        store.save(Settings.defaults());
        DemoCluster demo = DemoCluster.start(Files.createTempDirectory(dir, "demo"));
        WorkspaceViewModel ws = new WorkspaceViewModel(Platform::runLater);
        MainWindow window = new MainWindow(new MainViewModel(store, store.load()),
                new AboutDialog.AboutInfo("1.0.0", file.toString(), "/tmp", Optional.empty()), ws, null,
                new DemoWiring(demo));
        if (auditFile != null) {
            window.setAuditFile(auditFile);
        }
        window.show(stage);
        return new DemoWindow(demo, ws, window);
    }

    @Override
    public void close() throws Exception {
        WaitForAsyncUtils.asyncFx((Runnable) ws::close).get();
        demo.close();
    }
}
