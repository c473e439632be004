// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.ssh.RemoteText;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a plan ended.
 *
 * @param message    one paragraph for people: what happened
 * @param state      each node's state at the end, as read then
 * @param manual     when the outcome is MANUAL: the exact commands left to run, per node, in order
 */
public record PlanResult(Outcome outcome, String message, List<Check> checks, List<StepRecord> steps,
        List<String> state, List<String> manual, Duration elapsed) {

    public PlanResult {
        message = RemoteText.line(message);
        checks = List.copyOf(checks);
        steps = List.copyOf(steps);
        state = state.stream().map(RemoteText::line).toList();
        manual = manual.stream().map(RemoteText::line).toList();
    }

    /** Blocked by its checks: nothing was changed; the blocking checks say why, and the audit records it. */
    public static PlanResult blocked(PlanChecks c, Audit audit, Duration elapsed) {
        List<String> why = c.checks().stream().filter(k -> k.status() == Check.Status.BLOCK)
                .map(k -> k.title() + ": " + k.reason()).toList();
        audit.event("blocked", Map.of("why", why));
        return new PlanResult(Outcome.BLOCKED, "Blocked by the checks; nothing was changed. " + String.join(" ", why),
                c.checks(), List.of(), List.of(), List.of(), elapsed);
    }

    /**
     * The lock could not be taken, so nothing ran: another admin's plan holds it ({@link ResourceLock.Refused}), or a
     * node did not answer.
     *
     * @param what the resources the plan would change, for the message
     */
    public static PlanResult lockNotTaken(Exception e, String what, Duration elapsed) {
        boolean refused = e instanceof ResourceLock.Refused;
        return new PlanResult(Outcome.BLOCKED, (refused ? "" : "The lock could not be taken: ") + e.getMessage(),
                List.of(refused ? Check.block("lock", "Nobody else is changing " + what, e.getMessage(),
                        "Wait for the other admin's plan to end.") : Check.block("lock", "Lock taken on every node",
                        e.getMessage(), "Check the nodes and retry.")), List.of(), List.of(), List.of(), elapsed);
    }

    /** The checks under the lock are not the ones confirmed: nothing runs, and the operator is asked again. */
    public static PlanResult changed(PlanChecks now, List<String> changes, Audit audit, Duration elapsed) {
        String msg = "The checks changed since they were confirmed; nothing was changed. Now: " + String.join("; ",
                changes) + ". Review the checks and confirm again.";
        audit.event("reconfirm", Map.of("changes", changes));
        return new PlanResult(Outcome.BLOCKED, msg, now.checks(), List.of(), List.of(), List.of(), elapsed);
    }
}
