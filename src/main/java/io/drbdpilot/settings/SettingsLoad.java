// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import java.util.Optional;

/**
 * What loading the settings gave: the settings to use and, when something was wrong with the file, a warning that the
 * UI must show to the user.
 */
public record SettingsLoad(Settings settings, Optional<String> warning) {

    public static SettingsLoad ok(Settings settings) {
        return new SettingsLoad(settings, Optional.empty());
    }

    public static SettingsLoad warn(Settings settings, String warning) {
        return new SettingsLoad(settings, Optional.of(warning));
    }
}
