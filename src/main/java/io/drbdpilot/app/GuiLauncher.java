// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.app;

import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.ssh.CommandJournal;
import io.drbdpilot.ssh.SessionFactory;
import io.drbdpilot.ui.connect.FxPrompter;
import io.drbdpilot.ui.main.AboutDialog;
import io.drbdpilot.ui.main.MainViewModel;
import io.drbdpilot.ui.main.MainWindow;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the JavaFX toolkit and the main window. */
final class GuiLauncher {

    static final int RUNNING = -1;
    /** How long the UI's threads get to end once the window has closed (a running plan was rolled back before). */
    static final Duration STOP_BOUND = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(GuiLauncher.class);

    private GuiLauncher() {
    }

    /**
     * Starts the GUI. Returns {@link #RUNNING} when the window is on its way (the JavaFX thread keeps the JVM alive),
     * or an exit code when the GUI cannot start.
     */
    static int launch(AppServices services, boolean smokeTest, PrintWriter err) {
        // The JVM's own start stamp; ProcessHandle's start instant is derived from boot time and is ~0.5 s off on Linux.
        Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        LOG.info("{} {} starting on Java {}", AppInfo.NAME, AppInfo.version(), Runtime.version());
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> LOG.error("Uncaught exception in thread {}", t.getName(), e));
        boolean wantDemo = services.initial().settings().clusters().isEmpty();
        try {
            Platform.startup(() -> {
                Stage stage = new Stage();
                MainViewModel vm = new MainViewModel(services.settingsStore(), services.initial());
                AboutDialog.AboutInfo about = new AboutDialog.AboutInfo(AppInfo.version(),
                        services.settingsStore().file().toString(), LogbackConfigurator.logDir().toString(),
                        MainWindow.icons().stream().filter(i -> i.getWidth() == 128).findFirst());
                SessionFactory sessions = SessionFactory.forCurrentUser(new FxPrompter(() -> stage), null,
                        List.of());
                UiTasks tasks = new UiTasks(Platform::runLater);
                CommandJournal journal = new CommandJournal(Clock.systemUTC()); // the window's command log
                // the window shows first; the demo's SSH servers (and, the first time, its keys) start after it is
                // shown, so that neither they nor the demo's monitors compete with the first layout for the CPU
                WorkspaceViewModel workspace = new WorkspaceViewModel(tasks);
                MainWindow window = new MainWindow(vm, about, workspace,
                        new NodeLinks(sessions, Clock.systemUTC(), journal), null);
                if (wantDemo) {
                    vm.setStatus("Starting the demo cluster…");
                }
                // the window's own close ends the clusters and the demo; then every UI thread ends, within a bound
                window.afterClose(() -> tasks.close(STOP_BOUND));
                stage.setOnShown(ev -> {
                    Instant shown = Instant.now();
                    long ms = Duration.between(jvmStart, shown).toMillis();
                    LOG.info("First window shown {} ms after launch", ms);
                    if (smokeTest) {
                        System.out.println("first-window-ms=" + ms);
                        // the wall clock, for a caller that times from before the launcher (which runs before the JVM)
                        System.out.println("first-window-at-ms=" + shown.toEpochMilli());
                        System.out.flush();
                    }
                    CompletableFuture<DemoCluster> demo = wantDemo
                            ? CompletableFuture.supplyAsync(() -> demo(services))
                            : CompletableFuture.completedFuture(null);
                    demo.thenAccept(d -> Platform.runLater(() -> {
                        window.attachDemo(d == null ? null : new DemoWiring(d, journal));
                        if (smokeTest) {
                            SmokeTest.afterDemoRead(workspace, d, () -> Platform.runLater(stage::close));
                        }
                    }));
                });
                window.show(stage);
            });
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // Typically "Unable to open DISPLAY" on a server without a graphical session.
            LOG.error("Cannot start the GUI", e);
            err.println("error: cannot open the DRBD Pilot window: " + e.getMessage());
            err.println("  The window needs a graphical session (DISPLAY or WAYLAND_DISPLAY). The command-line tools"
                    + " work without one: " + AppInfo.COMMAND + " --help");
            return 1;
        }
        return RUNNING;
    }

    /** The built-in demo, or null (with the reason logged) when it cannot start. */
    private static DemoCluster demo(AppServices services) {
        try {
            return DemoCluster.start(services.dirs().stateDir().resolve("demo"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The demo cluster cannot start", e);
            return null;
        }
    }
}
