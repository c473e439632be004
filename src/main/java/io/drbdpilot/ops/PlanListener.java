// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;

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

    /** The plan failed at a step and the rollback starts. */
    default void rollbackStarted(String why) {
    }

    PlanListener NONE = new PlanListener() {
    };
}
