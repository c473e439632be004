// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ssh.CommandJournal;
import io.drbdpilot.ssh.SshException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the steps of one plan under its locks, then the rollback when a step fails: every step done so far, and the
 * failed one, undone last-first. A rollback that cannot finish stops with the state and the exact commands left. The
 * switchover and the migration tell their own story around it ({@link PlanStory}).
 */
public final class PlanExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);
    /** A failed cleanup at the end is tried this many more times before it is left to the operator. */
    static final int CLEANUP_TRIES = 3;
    /** A rollback step is tried this many times (the first included) before the rollback ends MANUAL. */
    static final int ROLLBACK_TRIES = 3;
    /** A rollback step interrupted this often is given up (the rollback then ends MANUAL). */
    private static final int INTERRUPT_RETRIES = 3;

    private final NodeAccess access;
    private final Run run;
    private final List<ResourceLock> locks;
    private final PlanListener listener;
    private final Decider decider;
    private final Audit audit;
    private final Instant t0;
    private final List<Check> checks;
    private final PlanStory story;
    private final List<StepRecord> records = new ArrayList<>();
    /** A point of no return was passed: an abort no longer stops the plan's remaining steps. */
    private boolean committed;

    public PlanExecutor(NodeAccess access, Run run, List<ResourceLock> locks, PlanListener listener,
            Decider decider, Audit audit, Instant t0, List<Check> checks, PlanStory story) {
        this.access = access;
        this.run = run;
        this.locks = locks;
        this.listener = listener;
        this.decider = decider;
        this.audit = audit;
        this.t0 = t0;
        this.checks = checks;
        this.story = story;
    }

    /** A plan's locked part, given its audit and its start time. */
    @FunctionalInterface
    public interface Body {
        PlanResult run(Audit audit, Instant t0) throws InterruptedException;
    }

    /**
     * A whole plan as every plan runs it: its audit from "start" to "end", and a stop while it locks or checks (an
     * interrupt before any step) reported as BLOCKED: nothing was changed yet.
     */
    public static PlanResult audited(NodeAccess access, Path auditFile, Map<String, ?> start, Body body) {
        Instant t0 = access.clock().instant();
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (Audit audit = new Audit(auditFile, access, id);
                CommandJournal.Scope commands = CommandJournal.group(Audit.title(start, id), t0)) {
            audit.event("start", start);
            PlanResult result;
            try {
                result = body.run(audit, t0);
            } catch (InterruptedException e) {
                Thread.interrupted();
                result = new PlanResult(Outcome.BLOCKED, "Stopped before anything was changed (the run was "
                        + "interrupted while it took the locks or read the checks).", List.of(), List.of(),
                        List.of(), List.of(), Duration.between(t0, access.clock().instant()));
            }
            audit.event("end", Map.of("outcome", result.outcome().name(), "exit", result.outcome().exitCode(),
                    "message", result.message(), "state", result.state(), "manual", result.manual()));
            return result;
        }
    }

    public PlanResult go(List<Step> steps) throws InterruptedException {
        List<Step> touched = new ArrayList<>();
        StepFailed failure = null;
        Step failed = null;
        int at = 0;
        for (; at < steps.size() && failure == null; at++) {
            Step st = steps.get(at);
            touched.add(st); // a failed step may have done part of its work: its undo runs too
            failure = attempt(at, false, st);
            failed = st;
        }
        Thread.interrupted(); // an abort asked by an interrupt has been heard: what follows must run to its end
        if (failure == null) {
            return result(Outcome.DONE, done(), state(true), List.of());
        }
        if (failed.cleanup()) {
            return cleanupFailed(steps, at - 1, failure);
        }
        if (failure.stopHere()) {
            List<String> left = new ArrayList<>();
            for (Step.Cmd c : failure.finish()) {
                left.add("on " + c.node() + ": " + c.command().toShell(access.isRoot(c.node())) + "    # to finish "
                        + failed.title());
            }
            for (int j = at; j < steps.size(); j++) { // closing the window is still safe, and still done
                Step st = steps.get(j);
                if (!(st.cleanup() && cleanup(j, st))) {
                    left.addAll(manual(st));
                }
            }
            if (left.isEmpty()) { // nothing left to run: what a person does first is look
                left.add("drbd-pilot status " + run.resource() + "    # see what \"" + failed.title() + "\" did before "
                        + "anything else");
            }
            return result(Outcome.MANUAL, "The plan stopped at \"" + failed.title() + "\": " + failure.getMessage()
                    + " Neither going on nor rolling back is safe without a look at the nodes, so nothing more was "
                    + "done. " + failure.remedy() + (left.isEmpty() ? "" : " What the plan would have done next is "
                    + "listed; run it only when the state allows it."), state(false), left);
        }
        String why = "The plan stopped at \"" + failed.title() + "\": " + failure.getMessage();
        listener.rollbackStarted(why);
        audit.event("rollback", Map.of("why", why));
        List<Step> undo = new ArrayList<>();
        for (Step st : touched) {
            if (st.undo() != null) {
                undo.add(st.undo());
            }
        }
        Collections.reverse(undo);
        for (int k = 0; k < undo.size(); k++) {
            StepFailed f = attempt(steps.size() + k, true, undo.get(k));
            for (int t = 1; f != null && t < ROLLBACK_TRIES; t++) { // a node that was slow or busy a moment ago
                access.awaitChange(Duration.ofSeconds(2));
                run.log("Trying the rollback step \"" + undo.get(k).title() + "\" again (" + (t + 1) + " of "
                        + ROLLBACK_TRIES + ").");
                f = attempt(steps.size() + k, true, undo.get(k));
            }
            if (f != null) {
                List<String> manual = new ArrayList<>();
                List<Step> left = undo.subList(k, undo.size());
                for (int j = 0; j < left.size(); j++) {
                    Step st = left.get(j);
                    // what is always safe (closing the dual-primary window) is still done, tried like a cleanup
                    if (j > 0 && st.cleanup() && cleanup(steps.size() + k + j, st)) {
                        continue;
                    }
                    manual.addAll(manual(st));
                }
                return result(Outcome.MANUAL, why + " The rollback could not finish at \"" + undo.get(k).title()
                        + "\": " + f.getMessage() + " Nothing more was done. " + f.remedy()
                        + " Check the state, then run the commands left, in order.", state(false), manual);
            }
        }
        return result(Outcome.ROLLED_BACK, why + " Everything done so far was undone: " + story.restored() + " "
                + failure.remedy(), state(false), List.of());
    }

    /**
     * A cleanup step (closing the dual-primary window) failed after the plan's work was done: undoing that work (moving
     * a VM back) would be worse than the failure. It is tried a few more times, the other cleanups still run, and
     * what could not be done is left as commands.
     */
    private PlanResult cleanupFailed(List<Step> steps, int index, StepFailed failure) throws InterruptedException {
        Step st = steps.get(index);
        StepFailed last = failure;
        for (int i = 0; i < CLEANUP_TRIES && last != null; i++) {
            access.awaitChange(Duration.ofSeconds(2));
            run.log("Trying \"" + st.title() + "\" again (" + (i + 1) + " of " + CLEANUP_TRIES + ").");
            last = attempt(index, false, st);
        }
        List<String> manual = new ArrayList<>();
        Step culprit = st;
        if (last != null) {
            manual.addAll(manual(st));
        }
        for (int j = index + 1; j < steps.size(); j++) {
            Step next = steps.get(j);
            StepFailed f = attempt(j, false, next);
            if (f != null) {
                manual.addAll(manual(next));
                if (last == null) {
                    last = f;
                    culprit = next;
                }
            }
        }
        if (last == null) {
            return result(Outcome.DONE, done(), state(true), List.of());
        }
        return result(Outcome.MANUAL, "The plan's work was done, but the cleanup \"" + culprit.title() + "\" failed: "
                + last.getMessage() + " The work was not undone for that. " + last.remedy()
                + " Run the commands left, in order.", state(false), manual, true);
    }

    /** Runs a cleanup step, trying it {@link #CLEANUP_TRIES} times; true when it was done. */
    private boolean cleanup(int index, Step st) throws InterruptedException {
        for (int i = 0; i < CLEANUP_TRIES; i++) {
            if (i > 0) {
                access.awaitChange(Duration.ofSeconds(2));
            }
            if (attempt(index, true, st) == null) {
                return true;
            }
        }
        return false;
    }

    /** The commands of a step, as a person runs them on each node (with sudo where the login is not root). */
    private List<String> manual(Step st) {
        List<String> out = new ArrayList<>();
        st.plan().forEach(c -> out.add("on " + c.node() + ": " + c.command().toShell(access.isRoot(c.node()))
                + "    # " + st.title()));
        return out;
    }

    /** The story's summary; one that fails is a bug, logged, and the result is not lost for it. */
    private String done() {
        try {
            return story.done();
        } catch (RuntimeException e) {
            LOG.error("The summary could not be written", e);
            return "Done: every step ran and was verified (the summary could not be written: " + e + ").";
        }
    }

    /** The nodes' state for the result; a read that fails says so instead of losing the result. */
    private List<String> state(boolean done) throws InterruptedException {
        try {
            return story.state(done);
        } catch (RuntimeException e) {
            LOG.error("The end state could not be read", e);
            return List.of("The end state could not be read (" + e + "): look at both nodes.");
        }
    }

    private PlanResult result(Outcome o, String message, List<String> state, List<String> manual)
            throws InterruptedException {
        return result(o, message, state, manual, o == Outcome.DONE);
    }

    private PlanResult result(Outcome o, String message, List<String> state, List<String> manual, boolean workDone)
            throws InterruptedException {
        PlanStory.Followup f = followup(workDone);
        if (f != null) {
            audit.event("followup", Map.of("message", f.message(), "manual", f.manual()));
            o = Outcome.MANUAL;
            message = message + " " + f.message();
            List<String> all = new ArrayList<>(manual);
            all.addAll(f.manual());
            manual = all;
        }
        String note = story.footnote();
        return new PlanResult(o, note.isEmpty() ? message : message + " " + note, checks, records, state, manual,
                Duration.between(t0, access.clock().instant()));
    }

    /** The story's follow-up; one that could not be worked out is a bug, logged, and never a silent "fine". */
    private PlanStory.Followup followup(boolean workDone) throws InterruptedException {
        try {
            return story.followup(workDone);
        } catch (RuntimeException e) {
            LOG.error("The follow-up could not be worked out", e);
            return new PlanStory.Followup("What is left to do could not be worked out (" + e + "): look at both nodes.",
                    List.of("drbd-pilot status    # then look at each resource's connection and data generations"));
        }
    }

    /**
     * Runs one step until it succeeds or the decider aborts; returns the failure, or null. An exception inside the
     * step is a failure like any other. An interrupt (the window closed, the app quits) is an abort: the plan's steps
     * stop and the rollback starts. A rollback step is not abandoned for an interrupt: it is tried again.
     */
    private StepFailed attempt(int index, boolean rollback, Step st) throws InterruptedException {
        StepRecord rec = new StepRecord(index, rollback, st.title(), st.node(), StepRecord.Status.RUNNING,
                Duration.ZERO, "", "");
        int interrupts = 0;
        while (true) {
            Instant start = access.clock().instant();
            listener.stepStarted(rec);
            audit.event("step", Map.of("index", index, "rollback", rollback, "title", st.title(), "node",
                    st.node()));
            StepFailed failed;
            boolean abort = false;
            try {
                // closing the window is never abandoned, nor is finishing a move past its point of no return
                boolean stoppable = !rollback && !st.cleanup() && !committed;
                if (stoppable && abortAsked()) { // heard even where nothing blocks long enough to notice
                    throw new InterruptedException();
                }
                ensureLocks(rollback || st.cleanup());
                st.execute(run);
                failed = null;
                if (stoppable && abortAsked()) {
                    throw new InterruptedException(); // done, but the plan stops here: its undo runs too
                }
            } catch (StepFailed f) {
                failed = f;
            } catch (InterruptedException e) {
                Thread.interrupted();
                if ((rollback || st.cleanup()) && ++interrupts <= INTERRUPT_RETRIES) {
                    run.log("Interrupted during \"" + st.title() + "\"; a rollback step is not left half done: "
                            + "trying it again.");
                    continue;
                }
                abort = true;
                // a step that cannot be undone may have done its work: "rolled back" would be a guess, so it is told
                failed = !rollback && !st.cleanup() && st.pointOfNoReturn() && st.undo() == null
                        ? StepFailed.needsAPerson("The run was stopped (interrupted) during this step, which cannot be "
                                + "undone: what it did so far stands.", "See where things are now (below) before "
                                + "anything else.", List.of())
                        : new StepFailed("The run was stopped (interrupted) during this step.", "Nothing more of the "
                                + "plan runs; what was done is rolled back.");
            } catch (RuntimeException e) {
                LOG.error("Step \"{}\" failed with an unexpected error", st.title(), e);
                String bug = "This is a bug in DRBD Pilot; the log has the details. Check the state of the nodes.";
                failed = !rollback && !st.cleanup() && st.pointOfNoReturn() && st.undo() == null
                        ? StepFailed.needsAPerson("An unexpected error inside the step: " + e + ". The step cannot be "
                                + "undone: what it did so far stands.", bug, List.of())
                        : new StepFailed("An unexpected error inside the step: " + e, bug);
            }
            Duration took = Duration.between(start, access.clock().instant());
            StepRecord done = failed == null ? rec.with(StepRecord.Status.DONE, took, "", "")
                    : rec.with(StepRecord.Status.FAILED, took, failed.getMessage(), failed.remedy());
            listener.stepFinished(done);
            audit.event("step-end", Map.of("index", index, "status", done.status().name(), "message",
                    done.message(), "ms", took.toMillis()));
            if (failed == null) {
                records.add(done);
                if (!rollback && st.pointOfNoReturn()) {
                    committed = true;
                }
                return null;
            }
            if (abort || decide(done, failed) == Decider.Decision.ABORT) {
                records.add(done);
                return failed;
            }
            run.log("Retrying \"" + st.title() + "\".");
        }
    }

    private boolean abortAsked() {
        return Thread.interrupted() | listener.abortRequested();
    }

    /** The decider's answer; an interrupt while it waits (the operator closed the window) is an abort. */
    private Decider.Decision decide(StepRecord done, StepFailed failed) {
        try {
            return decider.onFailure(done, failed);
        } catch (InterruptedException e) {
            Thread.interrupted();
            return Decider.Decision.ABORT;
        } catch (RuntimeException e) {
            LOG.error("The failure decider failed", e);
            return Decider.Decision.ABORT;
        }
    }

    /**
     * A node that cannot be reached cannot be locked, nor changed by anyone through it: a rollback goes on, and so does
     * a cleanup (closing the dual-primary window is safe whoever holds the lock).
     */
    private void ensureLocks(boolean rollback) throws StepFailed, InterruptedException {
        for (ResourceLock lock : locks) {
            try {
                if (!lock.lost().isEmpty()) {
                    run.log("The lock channel to " + lock.lost() + " dropped; taking the lock again.");
                }
                lock.ensure();
            } catch (ResourceLock.Refused e) {
                if (rollback) {
                    run.log(e.getMessage() + " The rollback goes on.");
                    continue;
                }
                throw new StepFailed(e.getMessage(), "Another admin took over the resource; agree on who goes on.");
            } catch (SshException e) {
                if (rollback) {
                    run.log("The lock could not be taken again (" + e.getMessage() + "); the rollback goes on.");
                    continue;
                }
                throw new StepFailed("The lock could not be held: " + e.getMessage(), "Check the SSH link.");
            }
        }
    }
}
