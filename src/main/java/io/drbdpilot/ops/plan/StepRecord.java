// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.ssh.RemoteText;
import java.time.Duration;

/**
 * What became of one step.
 *
 * @param index    its place in the plan (0-based); rollback steps count on from the plan's end
 * @param rollback a step of the rollback
 * @param message  what happened, or why it failed
 */
public record StepRecord(int index, boolean rollback, String title, String node, Status status, Duration took,
        String message, String remedy) {

    public StepRecord {
        title = RemoteText.line(title);
        message = RemoteText.line(message);
        remedy = RemoteText.line(remedy);
    }

    /** A step's state. */
    public enum Status { PENDING, RUNNING, DONE, FAILED, SKIPPED }

    StepRecord with(Status s, Duration took, String message, String remedy) {
        return new StepRecord(index, rollback, title, node, s, took, message, remedy);
    }
}
