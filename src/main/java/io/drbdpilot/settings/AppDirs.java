// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Per-user directories, following each platform's convention.
 *
 * <ul>
 *   <li>Linux and other Unix: {@code $XDG_CONFIG_HOME/drbd-pilot} (default {@code ~/.config/drbd-pilot}) for settings,
 *       {@code $XDG_STATE_HOME/drbd-pilot} (default {@code ~/.local/state/drbd-pilot}) for logs.</li>
 *   <li>macOS: {@code ~/Library/Application Support/DRBD Pilot} and {@code ~/Library/Logs/DRBD Pilot}.</li>
 *   <li>Windows: {@code %APPDATA%\DRBD Pilot} and {@code %LOCALAPPDATA%\DRBD Pilot}.</li>
 * </ul>
 *
 * {@code DRBD_PILOT_CONFIG_DIR} and {@code DRBD_PILOT_STATE_DIR} override both, for scripts and tests.
 */
public record AppDirs(Path configDir, Path stateDir) {

    public static final String APP_DIR = "drbd-pilot";
    public static final String APP_DIR_PRETTY = "DRBD Pilot";

    /** The directories for this process, from its environment and system properties. */
    public static AppDirs current() {
        return resolve(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home", "."));
    }

    /** Pure resolution, so every platform's rules can be tested on any platform. */
    public static AppDirs resolve(Map<String, String> env, String osName, String userHome) {
        Path home = Path.of(userHome);
        String os = osName.toLowerCase(Locale.ROOT);
        Path config;
        Path state;
        if (os.startsWith("windows")) {
            Path roaming = pathOr(env.get("APPDATA"), home.resolve("AppData").resolve("Roaming"));
            Path local = pathOr(env.get("LOCALAPPDATA"), home.resolve("AppData").resolve("Local"));
            config = roaming.resolve(APP_DIR_PRETTY);
            state = local.resolve(APP_DIR_PRETTY);
        } else if (os.startsWith("mac")) {
            config = home.resolve("Library").resolve("Application Support").resolve(APP_DIR_PRETTY);
            state = home.resolve("Library").resolve("Logs").resolve(APP_DIR_PRETTY);
        } else {
            config = xdg(env.get("XDG_CONFIG_HOME"), home.resolve(".config")).resolve(APP_DIR);
            state = xdg(env.get("XDG_STATE_HOME"), home.resolve(".local").resolve("state")).resolve(APP_DIR);
        }
        config = pathOr(env.get("DRBD_PILOT_CONFIG_DIR"), config);
        state = pathOr(env.get("DRBD_PILOT_STATE_DIR"), state);
        return new AppDirs(config, state);
    }

    public Path settingsFile() {
        return configDir.resolve("settings.json");
    }

    public Path logDir() {
        return stateDir.resolve("logs");
    }

    private static Path pathOr(String value, Path fallback) {
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    /** The XDG spec says a relative value is invalid and must be ignored. */
    private static Path xdg(String value, Path fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Path p = Path.of(value);
        return p.isAbsolute() ? p : fallback;
    }
}
