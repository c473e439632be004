// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The persisted user settings. Immutable: change one with a {@code with…} method and save the copy.
 *
 * @param schemaVersion the format version of the file; bumped whenever a field changes meaning
 * @param theme         light or dark
 * @param window        the last main-window geometry, or null before the first close
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(int schemaVersion, Theme theme, WindowGeometry window) {

    public static final int CURRENT_SCHEMA = 1;

    public Settings {
        theme = theme == null ? Theme.LIGHT : theme;
    }

    public static Settings defaults() {
        return new Settings(CURRENT_SCHEMA, Theme.LIGHT, null);
    }

    public Settings withTheme(Theme newTheme) {
        return new Settings(schemaVersion, newTheme, window);
    }

    public Settings withWindow(WindowGeometry newWindow) {
        return new Settings(schemaVersion, theme, newWindow);
    }
}
