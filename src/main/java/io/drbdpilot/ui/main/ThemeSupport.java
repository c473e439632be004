// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

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

    public static void apply(Theme theme) {
        Application.setUserAgentStylesheet(stylesheetFor(theme));
    }
}
