// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import io.drbdpilot.settings.Theme;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.ui.demo.DemoViewModel;
import io.drbdpilot.ui.demo.DetailsView;
import io.drbdpilot.settings.WindowGeometry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
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
    private final DemoViewModel demo;
    private Stage stage;
    /** The last bounds while not maximized, so a maximized close still remembers the normal size. */
    private Rectangle2D normalBounds;

    public MainWindow(MainViewModel vm, AboutDialog.AboutInfo about) {
        this(vm, about, null);
    }

    /** @param demo the built-in demo cluster, shown while no real cluster is configured; null for none */
    public MainWindow(MainViewModel vm, AboutDialog.AboutInfo about, DemoViewModel demo) {
        this.vm = vm;
        this.about = about;
        this.demo = demo;
    }

    public static List<Image> icons() {
        return List.of(16, 32, 48, 64, 128, 256).stream()
                .map(size -> MainWindow.class.getResource("/io/drbdpilot/ui/icon-" + size + ".png"))
                .filter(Objects::nonNull)
                .map(url -> new Image(url.toExternalForm()))
                .toList();
    }

    public void show(Stage stage) {
        this.stage = stage;
        ThemeSupport.apply(vm.themeProperty().get());
        vm.themeProperty().addListener((obs, old, now) -> ThemeSupport.apply(now));

        BorderPane root = new BorderPane();
        root.setId("main-root");
        VBox top = new VBox(menuBar());
        vm.settingsWarning().ifPresent(text -> top.getChildren().add(settingsBanner(text, top)));
        root.setTop(top);

        NavigatorView navigator = new NavigatorView();
        Node workspace = new WorkspaceView(icons()).node();
        if (demo != null) {
            DetailsView details = new DetailsView();
            navigator.onSelect(item -> {
                details.select(item);
                details.show(demo.nodesProperty().get());
            });
            demo.nodesProperty().addListener((obs, old, now) -> {
                navigator.show(DemoCluster.NAME, now);
                details.show(now);
            });
            workspace = details.node();
            ((MenuBar) top.getChildren().get(0)).getMenus().add(2, demoMenu());
            vm.setStatus("Demo cluster: simulated nodes, nothing here is real. Faults are in the Demo menu.");
        }
        SplitPane split = new SplitPane(navigator.node(), workspace);
        split.setDividerPositions(0.2);
        root.setCenter(split);
        root.setBottom(new StatusBar(vm.statusProperty(), about.version()).node());

        Scene scene = new Scene(root, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        scene.getStylesheets().add(Objects.requireNonNull(
                MainWindow.class.getResource("/io/drbdpilot/ui/app.css")).toExternalForm());
        stage.setScene(scene);
        stage.setTitle(TITLE);
        stage.getIcons().setAll(icons());
        stage.setMinWidth(WindowGeometry.MIN_WIDTH);
        stage.setMinHeight(WindowGeometry.MIN_HEIGHT);
        restoreGeometry(stage);
        trackNormalBounds(stage);
        stage.setOnHidden(e -> {
            vm.windowClosed(currentGeometry());
            if (demo != null) {
                demo.close();
            }
        });
        stage.show();
    }

    private MenuBar menuBar() {
        MenuItem quit = new MenuItem("_Quit");
        quit.setId("menu-quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("_File", null, quit);

        ToggleGroup themes = new ToggleGroup();
        RadioMenuItem light = new RadioMenuItem("_Light theme");
        light.setId("menu-theme-light");
        RadioMenuItem dark = new RadioMenuItem("_Dark theme");
        dark.setId("menu-theme-dark");
        light.setToggleGroup(themes);
        dark.setToggleGroup(themes);
        light.setSelected(vm.themeProperty().get() == Theme.LIGHT);
        dark.setSelected(vm.themeProperty().get() == Theme.DARK);
        light.setOnAction(e -> vm.themeProperty().set(Theme.LIGHT));
        dark.setOnAction(e -> vm.themeProperty().set(Theme.DARK));
        vm.themeProperty().addListener((obs, old, now) -> {
            light.setSelected(now == Theme.LIGHT);
            dark.setSelected(now == Theme.DARK);
        });
        MenuItem toggle = new MenuItem("_Switch theme");
        toggle.setId("menu-theme-toggle");
        toggle.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN));
        toggle.setOnAction(e -> vm.toggleTheme());
        Menu view = new Menu("_View", null, light, dark, new SeparatorMenuItem(), toggle);

        MenuItem aboutItem = new MenuItem("_About DRBD Pilot");
        aboutItem.setId("menu-about");
        aboutItem.setAccelerator(new KeyCodeCombination(KeyCode.F1));
        aboutItem.setOnAction(e -> new AboutDialog(stage, about).showAndWait());
        Menu help = new Menu("_Help", null, aboutItem);

        MenuBar bar = new MenuBar(file, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private Menu demoMenu() {
        Menu m = new Menu("_Demo");
        m.setId("menu-demo");
        m.getItems().addAll(
                demoItem("_Reset the demo cluster", "demo-reset", d -> d.reset()),
                new SeparatorMenuItem(),
                demoItem("Cut the link node-a ↔ node-c", "demo-cut", d -> d.cluster().cut("node-a", "node-c")),
                demoItem("Heal all links", "demo-heal", d -> {
                    d.cluster().heal("node-a", "node-b");
                    d.cluster().heal("node-a", "node-c");
                    d.cluster().heal("node-b", "node-c");
                }),
                demoItem("Crash node-b", "demo-crash", d -> d.cluster().crash("node-b")),
                demoItem("Restart node-b", "demo-restart", d -> d.cluster().restart("node-b")),
                new SeparatorMenuItem(),
                demoItem("Start a writer on web (node-a)", "demo-writer", d -> d.cluster()
                        .startWriter("node-a", "web", 8 * 1024)),
                demoItem("Stop the writer", "demo-writer-stop", d -> d.cluster().stopWriters("node-a", "web")),
                demoItem("Make the resync of db stuck", "demo-stuck", d -> d.cluster().stuckResync("db", true)),
                demoItem("Release the stuck resync", "demo-unstuck", d -> d.cluster().stuckResync("db", false)));
        return m;
    }

    private MenuItem demoItem(String text, String id, java.util.function.Consumer<DemoCluster> action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.setOnAction(e -> {
            vm.setStatus("Demo: " + text.replace("_", ""));
            demo.act(action);
        });
        return item;
    }

    private static Message settingsBanner(String text, VBox parent) {
        Message banner = new Message("Settings were reset", text, new FontIcon(Material2OutlinedAL.ERROR_OUTLINE));
        banner.setId("settings-warning");
        banner.getStyleClass().add(Styles.WARNING);
        banner.setOnClose(e -> parent.getChildren().remove(banner));
        return banner;
    }

    private void restoreGeometry(Stage s) {
        Optional<WindowGeometry> saved = vm.savedWindow().filter(MainWindow::onSomeScreen);
        if (saved.isPresent()) {
            WindowGeometry g = saved.get();
            s.setX(g.x());
            s.setY(g.y());
            s.setWidth(g.width());
            s.setHeight(g.height());
            s.setMaximized(g.maximized());
        } else {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            s.setWidth(Math.min(DEFAULT_WIDTH, screen.getWidth()));
            s.setHeight(Math.min(DEFAULT_HEIGHT, screen.getHeight()));
            s.centerOnScreen();
        }
    }

    /** A window saved on a monitor that is gone would open off-screen; at least its title bar must be visible. */
    private static boolean onSomeScreen(WindowGeometry g) {
        return !Screen.getScreensForRectangle(g.x(), g.y(), Math.min(g.width(), 200), 40).isEmpty();
    }

    private void trackNormalBounds(Stage s) {
        Runnable remember = () -> {
            if (!s.isMaximized() && !s.isIconified() && Double.isFinite(s.getX()) && Double.isFinite(s.getWidth())) {
                normalBounds = new Rectangle2D(s.getX(), s.getY(), s.getWidth(), s.getHeight());
            }
        };
        s.xProperty().addListener(o -> remember.run());
        s.yProperty().addListener(o -> remember.run());
        s.widthProperty().addListener(o -> remember.run());
        s.heightProperty().addListener(o -> remember.run());
        Platform.runLater(remember);
    }

    WindowGeometry currentGeometry() {
        Rectangle2D b = normalBounds != null
                ? normalBounds
                : new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        return new WindowGeometry(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight(), stage.isMaximized());
    }
}
