// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.quorum.ForceSecondary;
import io.drbdpilot.ops.quorum.QuorumChecks;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drbd-pilot force-secondary RES --on NODE}: a DRBD 9 Primary that lost quorum, forced to Secondary. */
@Command(name = "force-secondary", mixinStandardHelpOptions = true,
        description = {"Recover a DRBD 9 Primary that lost quorum (its I/O suspended or failing): the checks say "
                + "which peers it cannot see, whether its kernel and utils can force a demotion (DRBD 9.1.7, "
                + "drbd-utils 9.21), what uses its device and what happens to it (every I/O fails from then on), "
                + "and which node has quorum to take over. Then 'drbdadm secondary --force RES' on that node, "
                + "confirmed Secondary.",
            "With --take-over NODE, that node (Secondary, UpToDate, with quorum) is promoted after, once the forced "
                + "node reads Secondary. Without --yes it shows the checks and asks first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done and verified", "2:usage", "3:blocked by checks, nothing changed",
            "4:failed, stopped (what ran is reported)", "5:failed, manual action needed"})
public final class ForceSecondaryCommand extends PlanCommand {

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The resource.")
    String resource;

    @Option(names = "--on", required = true, paramLabel = "NODE", description = "The Primary that lost quorum.")
    String on;

    @Option(names = "--take-over", paramLabel = "NODE", description = "Promote this node (it has quorum) after.")
    String takeOver;

    public ForceSecondaryCommand(SettingsStore settings, Path defaultAudit) {
        super(settings, defaultAudit);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        Map<String, String> targets;
        try {
            targets = live.targets(settings.load().settings(), List.of(on));
        } catch (IllegalArgumentException e) {
            err.println("force-secondary: " + e.getMessage());
            return SwitchoverCommand.USAGE;
        }
        try (ClusterMonitor monitor = live.settled(targets)) {
            List<String> nodes = LiveOptions.nodesWithResource(monitor.snapshot(), targets, resource);
            ForceSecondary f;
            try {
                f = new ForceSecondary(new SshNodeAccess(monitor, Clock.systemUTC()), resource, on, nodes, takeOver,
                        new ForceSecondary.Options(plan.audit(defaultAudit), ResourceLock.holder("drbd-pilot CLI"),
                                Duration.ofSeconds(60)));
            } catch (IllegalArgumentException e) {
                err.println("force-secondary: " + e.getMessage());
                return SwitchoverCommand.USAGE;
            }
            QuorumChecks.Result checked = f.check();
            String script = f.script(checked);
            int code = plan.runChecked("force-secondary", out, err, new PlanOptions.Checked("Checks for forcing "
                    + on + " to Secondary for " + resource + ":", checked, Map.of("checks", checked.checks(),
                    "blocked", checked.blocked(), "script", script), script, resource, "Force " + on + " to "
                    + "Secondary for " + resource + (takeOver == null ? "" : " and promote " + takeOver) + "?"),
                    l -> f.execute(l, Decider.ABORT, checked));
            out.flush();
            return code;
        }
    }
}
