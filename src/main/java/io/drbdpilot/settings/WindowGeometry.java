// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

/** Where the main window was and how big it was, in screen coordinates, when it was last closed. */
public record WindowGeometry(double x, double y, double width, double height, boolean maximized) {

    public static final double MIN_WIDTH = 640;
    public static final double MIN_HEIGHT = 420;

    /** True when the numbers could describe a real window (not NaN, not absurdly small). */
    public boolean isPlausible() {
        return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(width) && Double.isFinite(height)
                && width >= MIN_WIDTH && height >= MIN_HEIGHT && width < 100_000 && height < 100_000;
    }
}
