// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

/** Which DRBD a simulated cluster behaves like: the lab's in-kernel 8.4.11 with utils 9.22, or DRBD 9.2. */
public enum SimVersion {
    V84("8.4.11", 0x08040b),
    V9("9.2.12", 0x09020c);

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

    public static SimVersion parse(String s) {
        return switch (s) {
            case "8.4", "84", "8" -> V84;
            case "9", "9.2" -> V9;
            default -> throw new IllegalArgumentException("DRBD version must be 8.4 or 9, not " + s);
        };
    }
}
