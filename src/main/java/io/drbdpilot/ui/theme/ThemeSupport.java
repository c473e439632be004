// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.drbdpilot.settings.Theme;
import javafx.application.Application;

/** Applies the AtlantaFX theme for the user's choice. The theme is a user-agent stylesheet, so it is global. */
public final class ThemeSupport {

    private ThemeSupport() {
    }

    public static String stylesheetFor(Theme theme) {
        return theme == Theme.DARK
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet();
    }

    private static volatile Theme current = Theme.LIGHT;

    public static void apply(Theme theme) {
        current = theme;
        Application.setUserAgentStylesheet(stylesheetFor(theme));
    }

    /** The dark theme is applied (for what is drawn in code, such as the overview). */
    public static boolean isDark() {
        return current == Theme.DARK;
    }
}
