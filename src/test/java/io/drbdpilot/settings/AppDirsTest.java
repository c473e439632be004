// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppDirsTest {

    @Test
    void linuxDefaultsFollowXdg() {
        AppDirs d = AppDirs.resolve(Map.of(), "Linux", "/home/ops");
        assertThat(d.settingsFile()).isEqualTo(Path.of("/home/ops/.config/drbd-pilot/settings.json"));
        assertThat(d.logDir()).isEqualTo(Path.of("/home/ops/.local/state/drbd-pilot/logs"));
    }

    @Test
    void linuxHonoursXdgVariablesButNotRelativeOnes() {
        AppDirs d = AppDirs.resolve(Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_STATE_HOME", "rel/state"),
                "Linux", "/home/ops");
        assertThat(d.configDir()).isEqualTo(Path.of("/cfg/drbd-pilot"));
        assertThat(d.stateDir()).isEqualTo(Path.of("/home/ops/.local/state/drbd-pilot"));
    }

    @Test
    void macAndWindowsUseTheirPlatformFolders() {
        AppDirs mac = AppDirs.resolve(Map.of(), "Mac OS X", "/Users/ops");
        assertThat(mac.configDir()).isEqualTo(Path.of("/Users/ops/Library/Application Support/DRBD Pilot"));
        assertThat(mac.stateDir()).isEqualTo(Path.of("/Users/ops/Library/Logs/DRBD Pilot"));

        AppDirs win = AppDirs.resolve(Map.of("APPDATA", "/c/Users/ops/AppData/Roaming",
                "LOCALAPPDATA", "/c/Users/ops/AppData/Local"), "Windows 11", "/c/Users/ops");
        assertThat(win.configDir()).isEqualTo(Path.of("/c/Users/ops/AppData/Roaming/DRBD Pilot"));
        assertThat(win.stateDir()).isEqualTo(Path.of("/c/Users/ops/AppData/Local/DRBD Pilot"));
    }

    @Test
    void explicitOverridesWinEverywhere() {
        AppDirs d = AppDirs.resolve(Map.of("DRBD_PILOT_CONFIG_DIR", "/tmp/c", "DRBD_PILOT_STATE_DIR", "/tmp/s",
                "XDG_CONFIG_HOME", "/cfg"), "Linux", "/home/ops");
        assertThat(d.configDir()).isEqualTo(Path.of("/tmp/c"));
        assertThat(d.stateDir()).isEqualTo(Path.of("/tmp/s"));
    }
}
