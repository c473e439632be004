// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

/** How a plan ended, with the CLI's exit code for it. */
public enum Outcome {
    /** Done, and the end state verified. */
    DONE(0, "done and verified"),
    /** Blocked by the checks or the lock: nothing was changed. */
    BLOCKED(3, "blocked by checks, nothing changed"),
    /** A step failed; every change was undone and verified: the source is Primary again. */
    ROLLED_BACK(4, "failed and rolled back, source Primary again"),
    /** A step failed and the rollback could not finish: a person must act. */
    MANUAL(5, "failed and NOT rolled back, manual action needed");

    private final int exitCode;
    private final String meaning;

    Outcome(int exitCode, String meaning) {
        this.exitCode = exitCode;
        this.meaning = meaning;
    }

    public int exitCode() {
        return exitCode;
    }

    public String meaning() {
        return meaning;
    }
}
