// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.reactor.Evict;
import io.drbdpilot.ops.reactor.EvictChecks;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drbd-pilot evict RES}: a move handed to drbd-reactor, followed to its result. */
@Command(name = "evict", mixinStandardHelpOptions = true,
        description = {"Move a resource that drbd-reactor's promoter manages: its state first (where it is active, "
                + "which node it prefers and why, the services it starts, each node's units), then the checks (one "
                + "Primary running the promoter's target, the snippet promotes this resource alone, a peer able to "
                + "take over: Connected, UpToDate, drbd-reactor running, not masked), then 'drbd-reactorctl evict' "
                + "on the active node, followed until a peer runs the services (moved), the node took them back "
                + "(rolled back), or nobody runs them (a person is told the command that starts them again).",
            "--keep-masked keeps the old node from taking the resource back (for maintenance) until 'evict RES "
                + "--unmask --on NODE' or a reboot. Without --yes it shows the checks and asks first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done and verified", "2:usage", "3:blocked by checks, nothing changed",
            "4:no peer took over; the services run on the old node again", "5:failed, manual action needed"})
public final class EvictCommand extends PlanCommand {

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The resource drbd-reactor manages.")
    String resource;

    @Option(names = "--keep-masked", description = "Keep the old node masked after the move (maintenance).")
    boolean keepMasked;

    @Option(names = "--unmask", description = "Lift an earlier --keep-masked on the node given with --on.")
    boolean unmask;

    @Option(names = "--on", paramLabel = "NODE", description = "With --unmask: the node to unmask.")
    String on;

    @Option(names = "--delay", paramLabel = "SECONDS", defaultValue = "20",
            description = "How long drbd-reactorctl waits for a peer to take over (default: ${DEFAULT-VALUE}).")
    int delay;

    public EvictCommand(SettingsStore settings, Path defaultAudit) {
        super(settings, defaultAudit);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        if (unmask == (on == null) || unmask && keepMasked || delay < 0 || delay > 600) {
            err().println("evict: --unmask needs --on NODE (and --on is only for --unmask); --keep-masked is not for "
                    + "--unmask; --delay is 0 to 600 seconds");
            return SwitchoverCommand.USAGE;
        }
        return onNodes("evict", List.of(), resource, (access, nodes) -> {
            Evict.Options o = new Evict.Options(plan.audit(defaultAudit), ResourceLock.holder("drbd-pilot CLI"),
                    Duration.ofSeconds(delay), Duration.ofSeconds(90));
            Evict e = unmask ? Evict.unmask(access, resource, nodes, on, o)
                    : Evict.evict(access, resource, nodes, keepMasked, o);
            EvictChecks.Result checked = e.check();
            if (!plan.json && !plan.dryRun) {
                checked.describe(nodes).forEach(out::println);
                out.println();
            }
            String script = e.script(checked);
            return plan.runChecked("evict", out, err(), new PlanOptions.Checked((unmask ? "Checks for lifting the "
                    + "mask on " + on : "Checks for handing the move of " + resource + " to drbd-reactor") + ":",
                    checked, Map.of("checks", checked.checks(), "blocked", checked.blocked(), "reactor",
                    checked.describe(nodes), "expected", String.valueOf(checked.expected()), "script", script),
                    script, resource, unmask ? "Unmask " + resource + " on " + on + "?" : "Evict " + resource
                    + " from " + checked.active() + (checked.expected() == null ? "" : " (" + checked.expected()
                    + " takes over)") + "?"), l -> e.execute(l, Decider.ABORT, checked));
        });
    }
}
