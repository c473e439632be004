// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import java.util.List;

/** The pre-flight checks of a plan (a switchover's, a migration's): it runs only when none blocks. */
public interface PlanChecks {

    List<Check> checks();

    default boolean blocked() {
        return checks().stream().anyMatch(c -> c.status() == Check.Status.BLOCK);
    }

    /** Some check warns: the operator confirms by typing the name. */
    default boolean risky() {
        return checks().stream().anyMatch(c -> c.status() == Check.Status.WARN);
    }
}
