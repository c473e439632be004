// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Runs the steps of one plan under its locks, then the rollback when a step fails: every step done so far, and the
 * failed one, undone last-first. A rollback that cannot finish stops with the state and the exact commands left. The
 * switchover and the migration tell their own story around it ({@link Story}).
 */
final class PlanExecutor {

    /** What the plan says at its end, in its own words. */
    interface Story {
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
    }

    private final NodeAccess access;
    private final Run run;
    private final List<ResourceLock> locks;
    private final PlanListener listener;
    private final Switchover.Decider decider;
    private final Audit audit;
    private final Instant t0;
    private final List<Check> checks;
    private final Story story;
    private final List<StepRecord> records = new ArrayList<>();

    PlanExecutor(NodeAccess access, Run run, List<ResourceLock> locks, PlanListener listener,
            Switchover.Decider decider, Audit audit, Instant t0, List<Check> checks, Story story) {
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

    PlanResult go(List<Step> steps) throws InterruptedException {
        List<Step> touched = new ArrayList<>();
        StepFailed failure = null;
        String failedTitle = null;
        for (int i = 0; i < steps.size() && failure == null; i++) {
            Step st = steps.get(i);
            touched.add(st); // a failed step may have done part of its work: its undo runs too
            failure = attempt(i, false, st);
            failedTitle = st.title();
        }
        if (failure == null) {
            return result(Outcome.DONE, story.done(), story.state(true), List.of());
        }
        String why = "The plan stopped at \"" + failedTitle + "\": " + failure.getMessage();
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
            if (f != null) {
                List<String> manual = new ArrayList<>();
                List<Step> left = undo.subList(k, undo.size());
                for (int j = 0; j < left.size(); j++) {
                    Step st = left.get(j);
                    // what is always safe (closing the dual-primary window) is still done
                    if (j > 0 && st.cleanup() && attempt(steps.size() + k + j, true, st) == null) {
                        continue;
                    }
                    st.plan().forEach(c -> manual.add("on " + c.node() + ": " + c.command().toShell(true)
                            + "    # " + st.title()));
                }
                return result(Outcome.MANUAL, why + " The rollback could not finish at \"" + undo.get(k).title()
                        + "\": " + f.getMessage() + " Nothing more was done. " + f.remedy()
                        + " Check the state, then run the commands left, in order.", story.state(false), manual);
            }
        }
        return result(Outcome.ROLLED_BACK, why + " Everything done so far was undone: " + story.restored() + " "
                + failure.remedy(), story.state(false), List.of());
    }

    private PlanResult result(Outcome o, String message, List<String> state, List<String> manual) {
        String note = story.footnote();
        return new PlanResult(o, note.isEmpty() ? message : message + " " + note, checks, records, state, manual,
                Duration.between(t0, access.clock().instant()));
    }

    /** Runs one step until it succeeds or the decider aborts; returns the failure, or null. */
    private StepFailed attempt(int index, boolean rollback, Step st) throws InterruptedException {
        StepRecord rec = new StepRecord(index, rollback, st.title(), st.node(), StepRecord.Status.RUNNING,
                Duration.ZERO, "", "");
        while (true) {
            Instant start = access.clock().instant();
            listener.stepStarted(rec);
            audit.event("step", Map.of("index", index, "rollback", rollback, "title", st.title(), "node",
                    st.node()));
            StepFailed failed;
            try {
                ensureLocks(rollback);
                st.execute(run);
                failed = null;
            } catch (StepFailed f) {
                failed = f;
            }
            Duration took = Duration.between(start, access.clock().instant());
            StepRecord done = failed == null ? rec.with(StepRecord.Status.DONE, took, "", "")
                    : rec.with(StepRecord.Status.FAILED, took, failed.getMessage(), failed.remedy());
            listener.stepFinished(done);
            audit.event("step-end", Map.of("index", index, "status", done.status().name(), "message",
                    done.message(), "ms", took.toMillis()));
            if (failed == null) {
                records.add(done);
                return null;
            }
            if (decider.onFailure(done, failed) == Switchover.Decision.ABORT) {
                records.add(done);
                return failed;
            }
            run.log("Retrying \"" + st.title() + "\".");
        }
    }

    /** A node that cannot be reached cannot be locked, nor changed by anyone through it: a rollback goes on. */
    private void ensureLocks(boolean rollback) throws StepFailed, InterruptedException {
        for (ResourceLock lock : locks) {
            try {
                if (!lock.lost().isEmpty()) {
                    run.log("The lock channel to " + lock.lost() + " dropped; taking the lock again.");
                }
                lock.ensure();
            } catch (ResourceLock.Refused e) {
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
