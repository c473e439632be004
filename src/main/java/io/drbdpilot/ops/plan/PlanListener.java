// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.time.Duration;

/** What a running plan reports, as it happens. Called on the engine's thread. */
public interface PlanListener {

    /** Before the step's fresh preconditions are read: the boundary where tests inject faults. */
    default void stepStarted(StepRecord step) {
    }

    default void stepFinished(StepRecord step) {
    }

    /** A command is about to run ({@code result} null), or ran. */
    default void command(String node, RemoteCommand command, CommandResult result) {
    }

    default void log(String line) {
    }

    /**
     * A live migration's dual-primary window on a resource opened or closed, or went past its limit.
     *
     * @param open     still open
     * @param duration how long it has been (or was) open
     */
    default void dualPrimary(String resource, boolean open, Duration duration, boolean overLimit) {
    }

    /** Progress of a long step (a VM's migration): 0 to 1, or negative when it cannot be told. */
    default void progress(String what, double fraction) {
    }

    /** The plan failed at a step and the rollback starts. */
    default void rollbackStarted(String why) {
    }

    /**
     * Whether the operator asked to abort (the window closes, the app quits): checked at every step boundary, beside
     * the thread's interrupt (which a blocking SSH call may swallow). The plan then stops and rolls back.
     */
    default boolean abortRequested() {
        return false;
    }

    PlanListener NONE = new PlanListener() {
    };
}
