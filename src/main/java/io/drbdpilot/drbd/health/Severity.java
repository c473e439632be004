// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.health;

/** How bad a finding is. WARNING and DANGER make {@code inspect} exit with 1. */
public enum Severity {
    INFO, WARNING, DANGER;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** The worse of two. */
    public static Severity max(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
