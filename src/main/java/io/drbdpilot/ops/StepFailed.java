// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import io.drbdpilot.drbd.model.RefusalReason;

/**
 * A step could not do what it promised: what happened, what to do, and DRBD's typed refusal when there was one.
 */
public final class StepFailed extends Exception {

    private final String remedy;
    private final RefusalReason refusal;

    public StepFailed(String message, String remedy) {
        this(message, remedy, null);
    }

    public StepFailed(String message, String remedy, RefusalReason refusal) {
        super(message);
        this.remedy = remedy == null ? "" : remedy;
        this.refusal = refusal;
    }

    public String remedy() {
        return remedy;
    }

    /** DRBD's refusal, or null when the step failed for another reason. */
    public RefusalReason refusal() {
        return refusal;
    }
}
