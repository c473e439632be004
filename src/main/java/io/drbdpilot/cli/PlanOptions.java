// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What the plan commands ({@code switchover}, {@code migrate}) share: --dry-run, --yes, --json and --audit, and what
 * they do once their checks are read: the dry run, the checks, blocked (3), the confirmation, the run with progress,
 * and the result with its exit code.
 */
public final class PlanOptions {

    @Option(names = "--dry-run", description = "Print the checks and the plan as a shell script; change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask (for scripts). Risky plans (any WARN) still need --yes.")
    boolean yes;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--audit", paramLabel = "FILE", description = "The JSON-lines audit file (default: the state "
            + "directory's audit.jsonl).")
    Path audit;

    Path audit(Path fallback) {
        return audit != null ? audit : fallback;
    }

    /**
     * A plan's checks and how to present it.
     *
     * @param name     what the operator types when a check warns
     * @param question the y/N question otherwise
     */
    record Checked(String heading, PlanChecks checks, Map<String, Object> dryRunJson, String script, String name,
            String question) {
    }

    /** Runs the plan with a listener, to its result. */
    @FunctionalInterface
    interface Execute {
        PlanResult run(PlanListener listener) throws InterruptedException;
    }

    int runChecked(String command, PrintWriter out, PrintWriter err, Checked c, Execute execute) throws Exception {
        if (dryRun) {
            if (json) {
                out.println(SwitchoverCommand.json(c.dryRunJson()));
            } else {
                out.print(c.script());
            }
            out.flush();
            return c.checks().blocked() ? 3 : 0;
        }
        if (!json) {
            SwitchoverCommand.printChecks(c.heading(), c.checks().checks(), out);
        }
        if (c.checks().blocked()) {
            if (json) {
                out.println(SwitchoverCommand.json(Map.of("outcome", "BLOCKED", "exit", 3, "checks",
                        c.checks().checks())));
            } else {
                out.println("Blocked: nothing was changed.");
            }
            return 3;
        }
        if (!yes && !confirm(command, c, out, err)) {
            return SwitchoverCommand.USAGE;
        }
        PlanResult r = execute.run(json ? PlanListener.NONE : SwitchoverCommand.progress(out));
        if (json) {
            out.println(SwitchoverCommand.json(r));
        } else {
            SwitchoverCommand.printResult(r, out);
        }
        return r.outcome().exitCode();
    }

    private static boolean confirm(String command, Checked c, PrintWriter out, PrintWriter err) throws IOException {
        if (System.console() == null) {
            err.println(command + ": not on a terminal; add --yes to run it, or --dry-run to see the plan.");
            return false;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (c.checks().risky()) {
            out.print("Some checks warn (see above). Type the name (" + c.name() + ") to go ahead: ");
            out.flush();
            String line = in.readLine();
            return line != null && line.strip().equals(c.name());
        }
        out.print(c.question() + " [y/N] ");
        out.flush();
        String line = in.readLine();
        return line != null && (line.strip().equalsIgnoreCase("y") || line.strip().equalsIgnoreCase("yes"));
    }
}
