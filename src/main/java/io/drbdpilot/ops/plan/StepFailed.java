// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.drbd.model.RefusalReason;
import io.drbdpilot.ssh.RemoteText;
import java.util.List;

/**
 * A step could not do what it promised: what happened, what to do, and DRBD's typed refusal when there was one.
 */
public final class StepFailed extends Exception {

    private final String remedy;
    private final RefusalReason refusal;
    private final boolean stop;
    private final List<Step.Cmd> finish;

    public StepFailed(String message, String remedy) {
        this(message, remedy, null);
    }

    public StepFailed(String message, String remedy, RefusalReason refusal) {
        this(message, remedy, refusal, false);
    }

    private StepFailed(String message, String remedy, RefusalReason refusal, boolean stop, List<Step.Cmd> finish) {
        super(RemoteText.line(message)); // it quotes what a node said
        this.remedy = remedy == null ? "" : RemoteText.line(remedy);
        this.refusal = refusal;
        this.stop = stop;
        this.finish = List.copyOf(finish);
    }

    private StepFailed(String message, String remedy, RefusalReason refusal, boolean stop) {
        this(message, remedy, refusal, stop, List.of());
    }

    /**
     * A failure that needs a person, with the commands that finish the job once the state allows it (a resync that
     * waits for a link): they lead the MANUAL result's list.
     */
    public static StepFailed needsAPerson(String message, String remedy, List<Step.Cmd> finish) {
        return new StepFailed(message, remedy, null, true, finish);
    }

    /** The commands that finish the job by hand, or none. */
    public List<Step.Cmd> finish() {
        return finish;
    }

    /**
     * A failure after which neither going on nor rolling back is safe without a person (the replication link dropped
     * while a VM moved): the plan stops there, MANUAL, with the state.
     */
    public static StepFailed needsAPerson(String message, String remedy) {
        return new StepFailed(message, remedy, null, true);
    }

    /** The plan must stop here, without a rollback. */
    public boolean stopHere() {
        return stop;
    }

    public String remedy() {
        return remedy;
    }

    /** DRBD's refusal, or null when the step failed for another reason. */
    public RefusalReason refusal() {
        return refusal;
    }
}
