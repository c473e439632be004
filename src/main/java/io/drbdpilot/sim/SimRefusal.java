// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

/**
 * A refusal of the simulated kernel, with DRBD's code, text and drbdsetup exit code (reference §e.2, §e.3; the 8.4
 * texts as the lab printed them).
 */
public enum SimRefusal {
    TWO_PRIMARIES(-1, "Multiple primaries not allowed by config", 11),
    NO_UP_TO_DATE_DISK(-2, "Need access to UpToDate data", 17),
    RESYNC_RUNNING(-8, "Can not start OV/resync since it is already active", 11),
    ALREADY_STANDALONE(162, "Invalid configuration request", 10),
    DEVICE_IN_USE(-12, "Device is held open by someone", 11),
    NO_VERIFY_ALG(-14, "Need a verify algorithm to start online verify", 11),
    NEED_CONNECTION(-15, "Need a connection to start verify or resync", 11),
    NO_QUORUM(-25, "No quorum", 11),
    DISCARD_WHILE_PRIMARY(123, "--discard-my-data not allowed when primary", 10),
    PROTOCOL_C_REQUIRED(139, "Protocol C required", 10),
    NEED_STANDALONE(151, "Need to be StandAlone", 10),
    NEED_ALLOW_TWO_PRI(164, "Can not clear allow_two_primaries as long as there a primaries on both sides", 10);

    private final int code;
    private final String text;
    private final int exitCode;

    SimRefusal(int code, String text, int exitCode) {
        this.code = code;
        this.text = text;
        this.exitCode = exitCode;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    public int exitCode() {
        return exitCode;
    }

    /** A state change refusal ({@code State change failed}) rather than a configuration {@code Failure}. */
    public boolean stateChange() {
        return code < 0;
    }
}
