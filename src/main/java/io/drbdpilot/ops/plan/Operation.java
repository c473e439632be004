// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import java.util.List;

/**
 * An operation that changes a cluster, as its callers (the wizards, the CLI) drive it: read its checks fresh, show
 * its steps and its dry run, then execute exactly what was confirmed. The switchover and the migration are
 * operations; a new one implements this in its own package and runs its steps on the {@link PlanExecutor}.
 *
 * @param <C> what its checks return
 */
public interface Operation<C extends PlanChecks> {

    /** The checks, read fresh from the nodes; a read that failed is never a PASS. */
    C check() throws InterruptedException;

    /** The steps the plan would run after these checks. */
    List<Step> steps(C checked);

    /** The dry run: the exact commands per node, with the rollback. */
    String script(C checked);

    /**
     * Runs the plan confirmed after {@code confirmed}: it is re-checked under the lock, and a change that matters ends
     * the run BLOCKED before anything is touched.
     */
    PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed) throws InterruptedException;
}
