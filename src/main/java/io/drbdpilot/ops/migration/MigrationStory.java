// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.migration;

import io.drbdpilot.ops.plan.DualWindow;
import io.drbdpilot.ops.plan.PlanExecutor;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.workload.Workload;
import java.util.ArrayList;
import java.util.List;

/** What a migration says at its end: where the workload runs, each resource's state, and the dual-primary window. */
public final class MigrationStory implements PlanExecutor.Story {

    private final Run run;
    private final MigrationChecks.Result c;
    private final DualWindow window;

    MigrationStory(Run run, MigrationChecks.Result c, DualWindow window) {
        this.run = run;
        this.c = c;
        this.window = window;
    }

    @Override
    public String done() {
        Workload w = c.workload();
        String roles = c.target() + " is Primary for " + String.join(", ", w.resources()) + " and " + c.source()
                + " Secondary";
        if (c.mode() == Migration.Mode.LIVE) {
            return "Done: " + w.name() + " runs on " + c.target() + " and not on " + c.source() + "; " + roles
                    + "; allow-two-primaries is off again.";
        }
        String started = switch (w.kind()) {
            case SERVICE -> w.units().isEmpty() ? " is mounted on " + c.target()
                    : " is mounted and running (systemctl is-active) on " + c.target();
            default -> w.running() ? " runs on " + c.target() : " is on " + c.target() + " (shut off, as it was)";
        };
        return "Done: " + w.name() + started + "; " + roles + ".";
    }

    @Override
    public List<String> state(boolean done) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (String res : c.workload().resources()) {
            Run.Reads r = run.on(res).reads();
            out.add(res + ": " + r.source().describe(c.targetHost()));
            out.add(res + ": " + r.target().describe(c.sourceHost()));
        }
        return out;
    }

    @Override
    public String restored() {
        Workload w = c.workload();
        String there = c.mode() == Migration.Mode.LIVE ? " runs there; allow-two-primaries is off again."
                : w.running() ? " was started there again." : " is there again (it was not running).";
        return c.source() + " is Primary again for " + String.join(", ", w.resources()) + ", and " + w.name()
                + there;
    }

    @Override
    public String footnote() {
        return window == null ? "" : window.summary(run.now());
    }
}
