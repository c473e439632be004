// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.ssh.RemoteCommand;
import java.util.List;

/**
 * One step of a plan, on one node. {@link #execute} re-reads its preconditions fresh from the nodes, acts only when the
 * goal is not reached yet (so a retry, or a rollback after a partial step, is safe), and then verifies the
 * postconditions by observing the new state with a timeout.
 */
public abstract class Step {

    private final String node;

    protected Step(String node) {
        this.node = node;
    }

    public final String node() {
        return node;
    }

    /** What it does, for people: "Demote alpha". */
    public abstract String title();

    /** What must hold before and after, for the preview and the dry run. */
    public abstract String conditions();

    /** The commands it runs on its node, exactly, for the preview and the dry run. */
    public abstract List<RemoteCommand> commands();

    /** A command and the node it runs on. */
    public record Cmd(String node, RemoteCommand command) {
    }

    /** Every command of the step with its node (a step may act on both nodes): the dry run and manual steps. */
    public List<Cmd> plan() {
        return commands().stream().map(c -> new Cmd(node, c)).toList();
    }

    public abstract void execute(Run run) throws StepFailed, InterruptedException;

    /**
     * A step that is always safe and always wanted at the end (closing the dual-primary window): a rollback that
     * cannot finish still runs it.
     */
    public boolean cleanup() {
        return false;
    }

    /**
     * Once this step is done the plan only goes forward (a VM that runs on the target): an abort asked after it does not
     * stop the steps that finish the plan.
     */
    public boolean pointOfNoReturn() {
        return false;
    }

    /** The step that undoes this one in a rollback, or null when there is nothing to undo. */
    public abstract Step undo();

    @Override
    public String toString() {
        return title();
    }
}
