// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import java.util.List;

/** What a plan says at its end, in its own words (the {@link PlanExecutor} asks it). */
public interface PlanStory {
    /** The message when every step is done. */
    String done();

    /** The nodes' state now; {@code done} when every step is done (the last confirmation may be reused). */
    List<String> state(boolean done) throws InterruptedException;

    /** What the rollback restored: "alpha is Primary again." */
    String restored();

    /** A line added to every outcome's message (the dual-primary window), or "". */
    default String footnote() {
        return "";
    }

    /**
     * What the end state still asks of the operator though the steps ended (two nodes that each started a new data
     * generation apart meet in split brain when their link returns), read fresh; null when nothing. A follow-up
     * makes the outcome MANUAL.
     *
     * @param workDone the plan's work was done and verified (DONE, or only a cleanup failed after it)
     */
    default Followup followup(boolean workDone) throws InterruptedException {
        return null;
    }

    /** What is left to a person after a plan: a sentence for the message, and the commands. */
    public record Followup(String message, List<String> manual) {
        public Followup {
            manual = List.copyOf(manual);
            if (manual.isEmpty()) {
                throw new IllegalArgumentException("a follow-up names what to run");
            }
        }
    }
}
