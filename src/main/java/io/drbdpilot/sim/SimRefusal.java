// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.RefusalReason;

/**
 * A refusal of the simulated kernel: DRBD's reason (code and text, from the domain's table, so the simulator can only
 * say what the parsers know) and the exit code drbdsetup gives it (docs/drbd-reference.md §e.3).
 */
public enum SimRefusal {
    TWO_PRIMARIES(RefusalReason.TWO_PRIMARIES, 11),
    NO_UP_TO_DATE_DISK(RefusalReason.NO_UP_TO_DATE_DISK, 17),
    RESYNC_RUNNING(RefusalReason.RESYNC_RUNNING, 11),
    ALREADY_STANDALONE(RefusalReason.INVALID_REQUEST, 10),
    DEVICE_IN_USE(RefusalReason.DEVICE_IN_USE, 11),
    NO_VERIFY_ALG(RefusalReason.NO_VERIFY_ALG, 11),
    NEED_CONNECTION(RefusalReason.NEED_CONNECTION, 11),
    NO_QUORUM(RefusalReason.NO_QUORUM, 11),
    DISCARD_WHILE_PRIMARY(RefusalReason.DISCARD_NOT_ALLOWED, 10),
    PROTOCOL_C_REQUIRED(RefusalReason.PROTOCOL_C_REQUIRED, 10),
    NEED_STANDALONE(RefusalReason.NEED_STANDALONE, 10),
    NEED_ALLOW_TWO_PRI(RefusalReason.NEED_ALLOW_TWO_PRI, 10),
    RESIZE_RESYNC(RefusalReason.RESIZE_RESYNC, 10),
    NO_PRIMARY(RefusalReason.NO_PRIMARY, 10),
    MINOR_NOT_ALLOCATED(RefusalReason.MINOR_NOT_ALLOCATED, 10);

    private final RefusalReason reason;
    private final int exitCode;

    SimRefusal(RefusalReason reason, int exitCode) {
        this.reason = reason;
        this.exitCode = exitCode;
    }

    public int code() {
        return reason.code();
    }

    public String text() {
        return reason.kernelText();
    }

    public int exitCode() {
        return exitCode;
    }

    /** A state change refusal ({@code State change failed}) rather than a configuration {@code Failure}. */
    public boolean stateChange() {
        return reason.code() < 0;
    }
}
