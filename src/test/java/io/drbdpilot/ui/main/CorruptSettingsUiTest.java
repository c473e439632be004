// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import io.drbdpilot.settings.SettingsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A broken settings file: the window still opens, on defaults, and says so where the user looks. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class CorruptSettingsUiTest {

    @TempDir
    static Path dir;
    private Path file;

    @Start
    void start(Stage stage) throws Exception {
        file = Files.createTempDirectory(dir, "cfg").resolve("settings.json");
        Files.writeString(file, "{\"schemaVersion\": 1, \"theme\": \"DA");
        SettingsStore store = new SettingsStore(file);
        new MainWindow(new MainViewModel(store, store.load()),
                new AboutDialog.AboutInfo("1.0.0", file.toString(), "/tmp", Optional.empty())).show(stage);
    }

    @Test
    void bannerSaysTheFileWasKeptAsideAndDefaultsAreInUse(FxRobot robot) throws Exception {
        Message banner = robot.lookup("#settings-warning").queryAs(Message.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getDescription()).contains("was not used").contains(".bad-").contains("default settings");
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).contains("defaults in use");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anySatisfy(n -> assertThat(n).startsWith("settings.json.bad-"));
        }
    }
}
