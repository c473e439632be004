// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.ops.resync.ResyncChecks;
import io.drbdpilot.settings.AppDirs;
import io.drbdpilot.settings.WindowGeometry;
import io.drbdpilot.ui.theme.ThemeSupport;
import io.drbdpilot.ui.wizard.AdjustWizard;
import io.drbdpilot.ui.wizard.EvictWizard;
import io.drbdpilot.ui.wizard.ForceSecondaryWizard;
import io.drbdpilot.ui.wizard.MigrationWizard;
import io.drbdpilot.ui.wizard.ReplaceDiskWizard;
import io.drbdpilot.ui.wizard.ResizeWizard;
import io.drbdpilot.ui.wizard.ResyncWizard;
import io.drbdpilot.ui.wizard.RunningPlans;
import io.drbdpilot.ui.wizard.SplitBrainWizard;
import io.drbdpilot.ui.wizard.SwitchoverWizard;
import io.drbdpilot.ui.wizard.VerifyWizard;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.Demo;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;

/** The main window: menu bar, navigator on the left, workspace in the middle, status bar at the bottom. */
public final class MainWindow {

    public static final String TITLE = "DRBD Pilot";
    private static final double DEFAULT_WIDTH = 1200;
    private static final double DEFAULT_HEIGHT = 780;

    private final MainViewModel vm;
    private final AboutDialog.AboutInfo about;
    private final WorkspaceViewModel workspace;
    private final ClusterSources sources;
    private boolean closed;
    private Stage stage;
    private WorkspacePane pane;
    private CommandsPanel commands;
    private SplitPane center;
    private Runnable afterClose = () -> { };
    private final DataWizards data;
    private final RoleWizards roles;
    /** The last bounds while not maximized, so a maximized close still remembers the normal size. */
    private WindowPlacement placement;

    /** A window with no clusters, no SSH and no demo (the welcome page). */
    public MainWindow(MainViewModel vm, AboutDialog.AboutInfo about) {
        this(vm, about, new WorkspaceViewModel(Platform::runLater), null, null);
    }

    /**
     * @param links the way to the configured clusters' nodes (with the GUI's prompts); null for none
     * @param demo  the built-in demo cluster, shown while no real cluster is configured; null for none
     */
    public MainWindow(MainViewModel vm, AboutDialog.AboutInfo about, WorkspaceViewModel workspace,
            NodeLinks links, Demo demo) {
        this.vm = vm;
        this.about = about;
        this.workspace = workspace;
        this.sources = new ClusterSources(vm, workspace, links, demo);
        WizardHost host = new WizardHost(() -> stage, workspace, this::audit, this::selectedCluster);
        this.data = new DataWizards(host);
        this.roles = new RoleWizards(host);
    }

    public static List<Image> icons() {
        return List.of(16, 32, 48, 64, 128, 256).stream()
                .map(size -> MainWindow.class.getResource("/io/drbdpilot/ui/icon-" + size + ".png"))
                .filter(Objects::nonNull)
                .map(url -> new Image(url.toExternalForm()))
                .toList();
    }

    public WorkspacePane workspacePane() {
        return pane;
    }

    public void show(Stage stage) {
        this.stage = stage;
        ThemeSupport.apply(vm.themeProperty().get());
        vm.themeProperty().addListener((obs, old, now) -> {
            ThemeSupport.apply(now);
            pane.redraw();
        });

        BorderPane root = new BorderPane();
        root.setId("main-root");
        pane = new WorkspacePane(workspace, vm, icons(), this::openConnections);
        MenuItem sw = new MenuItem("Switch over this resource…");
        sw.setId("diagram-switchover");
        sw.setOnAction(e -> openSwitchover());
        MenuItem mg = new MenuItem("Migrate the VM or service on this resource…");
        mg.setId("diagram-migrate");
        mg.setOnAction(e -> openMigration(null));
        MenuItem sbd = new MenuItem("Resolve the split brain of this resource…");
        sbd.setId("diagram-splitbrain");
        sbd.setOnAction(e -> openSplitBrain());
        ContextMenu diagramMenu = new ContextMenu(sw, mg, sbd);
        pane.details().diagram().setOnSplitBrain(this::openSplitBrain);
        pane.details().setOnResolveSplitBrain(this::openSplitBrain);
        pane.details().setOnResyncAction(this::openResync);
        pane.details().diagram().setOnContextMenuRequested(e -> diagramMenu.show(pane.details().diagram(),
                e.getScreenX(), e.getScreenY()));
        pane.navigator().tree().setContextMenu(NavigatorMenu.of(this, workspace));
        pane.details().workloads().setOnMigrate(w -> openMigration(w));
        MenuBar bar = new MainMenus(this, pane, vm, about).menuBar();
        VBox top = new VBox(bar);
        vm.settingsWarning().ifPresent(text -> top.getChildren().add(settingsBanner(text, top)));
        root.setTop(top);
        commands = new CommandsPanel(Platform::runLater, ZoneId.systemDefault());
        center = new SplitPane(pane.node());
        center.setOrientation(Orientation.VERTICAL);
        center.setId("main-center");
        root.setCenter(center);
        root.setBottom(new StatusBar(vm.statusProperty(), about.version()).node());

        sources.openAtStart(bar, commands, () -> this.stage);

        Scene scene = new Scene(root, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        scene.getStylesheets().add(Objects.requireNonNull(
                MainWindow.class.getResource("/io/drbdpilot/ui/app.css")).toExternalForm());
        stage.setScene(scene);
        stage.setTitle(TITLE);
        stage.getIcons().setAll(icons());
        stage.setMinWidth(WindowGeometry.MIN_WIDTH);
        stage.setMinHeight(WindowGeometry.MIN_HEIGHT);
        placement = WindowPlacement.restore(stage, vm.savedWindow(), DEFAULT_WIDTH, DEFAULT_HEIGHT);
        pane.attachNotifications(stage);
        stage.setOnCloseRequest(e -> {
            if (RunningPlans.count() > 0) {
                e.consume();
                quit();
            }
        });
        stage.setOnHidden(e -> {
            closed = true;
            commands.close();
            vm.windowClosed(placement.current());
            workspace.close();
            sources.closeDemo();
            afterClose.run();
        });
        stage.show();
    }

    /**
     * The demo cluster, once its SSH servers run (they start once the window is shown): opened when no
     * cluster is configured. A demo that arrives after the window closed is closed at once.
     */
    public void attachDemo(Demo d) {
        if (d == null) {
            return;
        }
        if (closed) {
            d.close();
            return;
        }
        sources.attachDemo(d);
    }

    /**
     * Shows the command log below the workspace and puts the focus in its filter, or hides it when it has the focus
     * already (View → Commands run on the nodes, Ctrl+L).
     */
    void toggleCommands() {
        boolean shown = center.getItems().contains(commands.node());
        if (shown && commands.node().isFocusWithin()) {
            center.getItems().remove(commands.node());
            pane.node().requestFocus();
        } else {
            if (!shown) {
                center.getItems().add(commands.node());
                center.setDividerPositions(0.58);
            }
            commands.focus();
        }
    }

    /** Whether the command log shows (for the View menu's check mark and tests). */
    boolean commandsShown() {
        return center != null && center.getItems().contains(commands.node());
    }

    CommandsPanel commands() {
        return commands;
    }

    /** Runs once the window has closed and its clusters and demo are closed (the app ends the UI's threads). */
    public void afterClose(Runnable r) {
        afterClose = r;
    }

    /** Quits, unless a plan runs and the operator keeps it running (a running plan is aborted and rolled back first). */
    void quit() {
        RunningPlans.beforeQuit(stage, stage::close);
    }

    Stage stage() {
        return stage;
    }

    /** The connection manager; saving reopens what changed and retires the demo once real clusters exist. */
    void openConnections(boolean startImport) {
        sources.openConnections(startImport);
    }

    private Path auditFile;

    /** Where the operations' audit goes (default: the state directory's audit.jsonl). */
    public void setAuditFile(Path file) {
        auditFile = file;
    }

    private Path audit() {
        return auditFile != null ? auditFile : AppDirs.current().stateDir().resolve("audit.jsonl");
    }

    /** Opens the switchover wizard for the selected cluster, with the selected resource chosen. */
    public SwitchoverWizard openSwitchover() {
        return roles.switchover();
    }

    /** Opens the split-brain wizard for the selected cluster, on the selected resource (else one in split brain). */
    public SplitBrainWizard openSplitBrain() {
        WorkspaceViewModel.Selection sel = workspace.selectionProperty().get();
        return openSplitBrain(sel == null ? null : sel.resource());
    }

    /** Opens the split-brain wizard for the selected cluster, on {@code resource} (else one in split brain). */
    public SplitBrainWizard openSplitBrain(String resource) {
        return roles.splitBrain(resource);
    }

    /** Opens the verify wizard for the selected cluster, on the selected resource. */
    public VerifyWizard openVerify() {
        return data.verify();
    }

    /** Opens the resync control for the selected cluster, on {@code resource} (else the selected one). */
    public ResyncWizard openResync(String resource, ResyncChecks.Kind kind) {
        return data.resync(resource, kind);
    }

    /** Opens the replace-disk wizard for the selected cluster, on the selected resource. */
    public ReplaceDiskWizard openReplaceDisk() {
        return data.replaceDisk();
    }

    /** Opens the quorum recovery (a forced demotion) for the selected cluster, on the selected resource. */
    public ForceSecondaryWizard openForceSecondary() {
        return data.forceSecondary();
    }

    /** Opens the drbd-reactor move (evict) for the selected cluster, on the selected resource. */
    public EvictWizard openEvict() {
        return data.evict();
    }

    /** Opens the resize wizard for the selected cluster, on the selected resource. */
    public ResizeWizard openResize() {
        return data.resize();
    }

    /** Opens the previewed adjust for the selected cluster, on the selected resource. */
    public AdjustWizard openAdjust() {
        return data.adjust();
    }

    /** The selected cluster (or the first), or empty after telling the operator that {@code what} needs one. */
    private Optional<ClusterEntry> selectedCluster(String what) {
        WorkspaceViewModel.Selection sel = workspace.selectionProperty().get();
        String name = sel != null ? sel.cluster() : workspace.clusters().isEmpty() ? null
                : workspace.clusters().get(0).name();
        Optional<ClusterEntry> entry = workspace.find(name);
        if (entry.isEmpty()) {
            vm.setStatus("Connect to a cluster first: " + what);
        }
        return entry;
    }

    /**
     * Opens the migration wizard for the selected cluster: the workload given (VM, unit or mount point), else the one on
     * the selected resource, else the selected node's first.
     */
    public MigrationWizard openMigration(String workload) {
        return roles.migration(workload);
    }

    /** Closes and reopens the selected cluster (new sessions, fresh state). */
    void reconnect() {
        sources.reconnect();
    }

    private static Message settingsBanner(String text, VBox parent) {
        Message banner = new Message("Settings were reset", text, new FontIcon(Material2OutlinedAL.ERROR_OUTLINE));
        banner.setId("settings-warning");
        banner.getStyleClass().add(Styles.WARNING);
        banner.setOnClose(e -> parent.getChildren().remove(banner));
        return banner;
    }
}
