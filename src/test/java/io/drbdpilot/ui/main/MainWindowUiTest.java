// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.settings.Settings;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.settings.Theme;
import io.drbdpilot.ui.theme.ThemeSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javafx.application.Application;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class MainWindowUiTest {

    @TempDir
    static Path dir;

    private SettingsStore store;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path file = Files.createTempDirectory(dir, "cfg").resolve("settings.json");
        store = new SettingsStore(file);
        store.save(Settings.defaults());
        MainViewModel vm = new MainViewModel(store, store.load());
        new MainWindow(vm, new AboutDialog.AboutInfo("9.8.7", file.toString(), "/tmp/logs", Optional.empty()))
                .show(stage);
    }

    @Test
    void showsTheMainWindowWithMenusNavigatorWorkspaceAndStatusBar(FxRobot robot) {
        assertThat(stage.isShowing()).isTrue();
        assertThat(stage.getTitle()).isEqualTo("DRBD Pilot");
        assertThat(robot.lookup("#menu-bar").tryQuery()).isPresent();
        assertThat(robot.lookup("#navigator-tree").tryQuery()).isPresent();
        assertThat(robot.lookup("#navigator-empty").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#welcome").tryQuery()).isPresent();
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).isEqualTo("Ready");
        assertThat(robot.lookup("#settings-warning").tryQuery()).isEmpty();
        assertThat(stage.getIcons()).isNotEmpty();
    }

    @Test
    void themeSwitchChangesTheStylesheetAndIsRemembered(FxRobot robot) {
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeSupport.stylesheetFor(Theme.LIGHT));

        robot.clickOn("View").clickOn("#menu-theme-dark");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeSupport.stylesheetFor(Theme.DARK));
        assertThat(store.load().settings().theme()).isEqualTo(Theme.DARK);
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).isEqualTo("Theme: dark");

        // The keyboard shortcut switches back.
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T)
                .release(KeyCode.T, KeyCode.SHIFT,
                        KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeSupport.stylesheetFor(Theme.LIGHT));
        assertThat(store.load().settings().theme()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void aboutOpensShowsTheVersionAndCloses(FxRobot robot) {
        robot.clickOn("Help").clickOn("#menu-about");
        await().atMost(Duration.ofSeconds(5)).until(() -> aboutWindow(robot).isPresent());
        DialogPane pane = robot.lookup("#about-dialog").queryAs(DialogPane.class);
        assertThat(pane.getHeaderText()).isEqualTo("DRBD Pilot 9.8.7");
        assertThat(robot.lookup("#about-details").queryTextInputControl().getText())
                .contains("Version: 9.8.7").contains("Java: 25");

        robot.clickOn("Close");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(aboutWindow(robot)).isEmpty();
        assertThat(stage.isShowing()).isTrue();
    }

    @Test
    void closingTheWindowRemembersItsGeometry(FxRobot robot) {
        robot.interact(() -> {
            stage.setX(33);
            stage.setY(44);
            stage.setWidth(900);
            stage.setHeight(600);
        });
        robot.interact(stage::close);
        var saved = store.load().settings().window();
        assertThat(saved).isNotNull();
        assertThat(saved.x()).isEqualTo(33);
        assertThat(saved.y()).isEqualTo(44);
        assertThat(saved.width()).isEqualTo(900);
        assertThat(saved.height()).isEqualTo(600);
        assertThat(saved.maximized()).isFalse();
    }

    private static Optional<Window> aboutWindow(FxRobot robot) {
        return robot.listWindows().stream()
                .filter(w -> w instanceof Stage s && AboutDialog.TITLE.equals(s.getTitle()) && s.isShowing())
                .findFirst();
    }
}
