// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.ssh.RemoteText;
import java.time.Duration;
import java.util.List;

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
}
