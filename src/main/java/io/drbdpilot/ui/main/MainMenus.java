// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.settings.Theme;
import javafx.event.ActionEvent;
import javafx.event.EventHandler;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** The menu bar. Every item has a keyboard shortcut or a mnemonic, and Help lists them. */
final class MainMenus {

    private final MainWindow window;
    private final WorkspacePane pane;
    private final MainViewModel vm;
    private final AboutDialog.AboutInfo about;
    private final StringBuilder shortcuts = new StringBuilder();

    MainMenus(MainWindow window, WorkspacePane pane, MainViewModel vm, AboutDialog.AboutInfo about) {
        this.window = window;
        this.pane = pane;
        this.vm = vm;
        this.about = about;
    }

    private static final KeyCombination.Modifier CTRL = KeyCombination.SHORTCUT_DOWN;
    private static final KeyCombination.Modifier SHIFT = KeyCombination.SHIFT_DOWN;

    private MenuItem item(String text, String id, KeyCombination key, EventHandler<ActionEvent> action) {
        MenuItem i = new MenuItem(text);
        i.setId(id);
        i.setAccelerator(key);
        i.setOnAction(action);
        if (key != null) {
            shortcuts.append(String.format("%-18s %s%n", key.getDisplayText(), text.replace("_", "")));
        }
        return i;
    }

    MenuBar menuBar() {
        Menu file = new Menu("_File", null,
                item("_Connections…", "menu-connections", new KeyCodeCombination(KeyCode.K, CTRL),
                        e -> window.openConnections(false)),
                item("_Import a cluster from one node…", "menu-import", new KeyCodeCombination(KeyCode.I, CTRL),
                        e -> window.openConnections(true)),
                item("_Reconnect the cluster", "menu-reconnect", new KeyCodeCombination(KeyCode.F5),
                        e -> window.reconnect()),
                new SeparatorMenuItem(),
                item("Export the _diagram as PNG…", "menu-export-diagram", new KeyCodeCombination(KeyCode.E, CTRL),
                        e -> pane.exportDiagram(window.stage())),
                item("Export the _timeline…", "menu-export-timeline", new KeyCodeCombination(KeyCode.E, CTRL, SHIFT),
                        e -> pane.timeline().exportDialog()),
                new SeparatorMenuItem(),
                item("_Quit", "menu-quit", new KeyCodeCombination(KeyCode.Q, CTRL), e -> window.quit()));

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
        CheckMenuItem problems = new CheckMenuItem("Only _problems in the navigator");
        problems.setId("menu-problems");
        problems.setAccelerator(new KeyCodeCombination(KeyCode.P, CTRL, SHIFT));
        shortcuts.append(String.format("%-18s %s%n", problems.getAccelerator().getDisplayText(),
                "Only problems in the navigator"));
        problems.setOnAction(e -> pane.toggleProblems());
        Menu view = new Menu("_View", null,
                item("_Map", "menu-map", new KeyCodeCombination(KeyCode.DIGIT1, CTRL),
                        e -> pane.showTab(WorkspacePane.MAP)),
                item("_Details", "menu-details", new KeyCodeCombination(KeyCode.DIGIT2, CTRL),
                        e -> pane.showTab(WorkspacePane.DETAILS)),
                item("_Overview", "menu-overview", new KeyCodeCombination(KeyCode.DIGIT3, CTRL),
                        e -> pane.showTab(WorkspacePane.OVERVIEW)),
                item("_Timeline", "menu-timeline", new KeyCodeCombination(KeyCode.DIGIT4, CTRL),
                        e -> pane.showTab(WorkspacePane.TIMELINE)),
                new SeparatorMenuItem(),
                item("_Find in the navigator", "menu-find", new KeyCodeCombination(KeyCode.F, CTRL),
                        e -> pane.focusFilter()),
                item("_Commands run on the nodes", "menu-commands", new KeyCodeCombination(KeyCode.L, CTRL),
                        e -> window.toggleCommands()),
                problems,
                new SeparatorMenuItem(), light, dark,
                item("_Switch theme", "menu-theme-toggle", new KeyCodeCombination(KeyCode.T, CTRL, SHIFT),
                        e -> vm.toggleTheme()));

        MenuItem keys = item("_Keyboard shortcuts", "menu-keys", new KeyCodeCombination(KeyCode.SLASH, CTRL),
                e -> showShortcuts());
        MenuItem aboutItem = item("_About DRBD Pilot", "menu-about", new KeyCodeCombination(KeyCode.F1),
                e -> new AboutDialog(window.stage(), about).showAndWait());
        Menu help = new Menu("_Help", null, keys, aboutItem);
        Menu ops = new Menu("_Operations", null,
                item("_Switch over the selected resource…", "menu-switchover",
                        new KeyCodeCombination(KeyCode.S, CTRL, SHIFT), e -> window.openSwitchover()),
                item("_Migrate a VM or service…", "menu-migrate",
                        new KeyCodeCombination(KeyCode.M, CTRL, SHIFT), e -> window.openMigration(null)),
                item("_Resolve a split brain…", "menu-splitbrain",
                        new KeyCodeCombination(KeyCode.B, CTRL, SHIFT), e -> window.openSplitBrain()),
                item("_Verify the data of the selected resource…", "menu-verify",
                        new KeyCodeCombination(KeyCode.V, CTRL, SHIFT), e -> window.openVerify()),
                item("_Control the resync of the selected resource…", "menu-resync",
                        new KeyCodeCombination(KeyCode.R, CTRL, SHIFT), e -> window.openResync(null, null)),
                item("Replace a failed _disk…", "menu-replace-disk",
                        new KeyCodeCombination(KeyCode.D, CTRL, SHIFT), e -> window.openReplaceDisk()),
                item("_Apply the configuration of the selected resource (adjust)…", "menu-adjust",
                        new KeyCodeCombination(KeyCode.A, CTRL, SHIFT), e -> window.openAdjust()),
                item("_Grow the selected resource (resize)…", "menu-resize",
                        new KeyCodeCombination(KeyCode.G, CTRL, SHIFT), e -> window.openResize()),
                item("Move a resource drbd-_reactor manages (evict)…", "menu-evict",
                        new KeyCodeCombination(KeyCode.O, CTRL, SHIFT), e -> window.openEvict()),
                // no accelerator: a rare, forcing operation is reached through the menu (Alt+O, Q), never by a slip
                item("Recover a Primary that lost _quorum (DRBD 9)…", "menu-force-secondary", null,
                        e -> window.openForceSecondary()));
        MenuBar bar = new MenuBar(file, view, ops, help);
        bar.setId("menu-bar");
        return bar;
    }

    private void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.CLOSE);
        a.initOwner(window.stage());
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        TextArea t = new TextArea(shortcuts
                + "\nIn the navigator: arrows move, Right/Left open and close, type in the filter to narrow.\n"
                + "In the overview: arrows and Page Up/Down scroll, Home/End jump.\n"
                + "In tables: Ctrl+C copies the selected rows.\n"
                + "In a node's VMs and services: Enter or a double click migrates the selected one.");
        t.setEditable(false);
        t.setPrefRowCount(18);
        t.setStyle("-fx-font-family: monospace");
        a.getDialogPane().setContent(t);
        a.showAndWait();
    }
}
