// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

/** What to do when a step fails: the wizard asks the operator; the CLI aborts. */
@FunctionalInterface
public interface Decider {

    /** Retry the failed step, or abort (which leads into the rollback). */
    enum Decision { RETRY, ABORT }

    Decision onFailure(StepRecord step, StepFailed why) throws InterruptedException;

    Decider ABORT = (s, w) -> Decision.ABORT;
}
