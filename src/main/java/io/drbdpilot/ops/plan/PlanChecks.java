// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The pre-flight checks of a plan (a switchover's, a migration's): it runs only when none blocks. */
public interface PlanChecks {

    List<Check> checks();

    /** The node the plan moves away from, as the checks found it. */
    String source();

    default boolean blocked() {
        return checks().stream().anyMatch(c -> c.status() == Check.Status.BLOCK);
    }

    /** Some check warns: the operator confirms by typing the name. */
    default boolean risky() {
        return checks().stream().anyMatch(c -> c.status() == Check.Status.WARN);
    }

    /**
     * What makes these checks (read under the lock) differ from the ones the operator confirmed: another source, or a
     * check that warns or blocks now and did not then (or said something else). A check that got better is no change.
     * Empty when what runs is what was confirmed.
     */
    default List<String> changesFrom(PlanChecks confirmed) {
        List<String> out = new ArrayList<>();
        if (!confirmed.source().equals(source())) {
            out.add("the source is " + source() + " now, not " + confirmed.source());
        }
        Map<String, Check> before = confirmed.checks().stream().collect(Collectors.toMap(Check::id,
                Function.identity(), (a, b) -> a));
        for (Check now : checks()) {
            if (now.status() == Check.Status.PASS) {
                continue;
            }
            Check then = before.get(now.id());
            if (then == null || then.status().compareTo(now.status()) < 0) {
                out.add(now.status() + " " + now.title() + ": " + now.reason() + " (it was "
                        + (then == null ? "not checked" : then.status().toString()) + ")");
            } else if (then.status() == now.status() && !then.reason().equals(now.reason())) {
                out.add(now.status() + " " + now.title() + ": " + now.reason() + " (before: " + then.reason() + ")");
            }
        }
        return out;
    }
}
