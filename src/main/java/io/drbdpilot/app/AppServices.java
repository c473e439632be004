// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.app;

import io.drbdpilot.settings.AppDirs;
import io.drbdpilot.settings.SettingsLoad;
import io.drbdpilot.settings.SettingsStore;

/**
 * The composition root: everything the GUI needs, wired by plain constructors. Tests build one over a temp dir.
 *
 * @param dirs          the per-user directories
 * @param settingsStore where settings are read and written
 * @param initial       the settings as loaded at start, with any warning to show
 */
public record AppServices(AppDirs dirs, SettingsStore settingsStore, SettingsLoad initial) {

    public static AppServices create(AppDirs dirs) {
        SettingsStore store = new SettingsStore(dirs.settingsFile());
        return new AppServices(dirs, store, store.load());
    }
}
