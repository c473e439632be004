// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** The colour theme of the main window. */
public enum Theme {
    @JsonEnumDefaultValue
    LIGHT,
    DARK
}
