// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

/**
 * Which DRBD a simulated cluster behaves like: the lab's in-kernel 8.4.11 with utils 9.22, DRBD 9.2, or an 8.4 kernel
 * older than 8.4.6, which has no events2 (the monitor then polls /proc/drbd).
 */
public enum SimVersion {
    V84("8.4.11", 0x08040b),
    V9("9.2.12", 0x09020c),
    V84_NO_EVENTS2("8.4.5", 0x080405);

    private final String kernel;
    private final int code;

    SimVersion(String kernel, int code) {
        this.kernel = kernel;
        this.code = code;
    }

    public String kernel() {
        return kernel;
    }

    public int code() {
        return code;
    }

    /** Behaves as 8.4 (formats, refusals, two nodes per resource). */
    public boolean is84() {
        return this != V9;
    }

    /** The kernel has the events2 netlink family (8.4.6+ and 9). */
    public boolean hasEvents2() {
        return this != V84_NO_EVENTS2;
    }

    public static SimVersion parse(String s) {
        return switch (s) {
            case "8.4", "84", "8" -> V84;
            case "9", "9.2" -> V9;
            case "8.4.5" -> V84_NO_EVENTS2;
            default -> throw new IllegalArgumentException("DRBD version must be 8.4, 8.4.5 or 9, not " + s);
        };
    }
}
