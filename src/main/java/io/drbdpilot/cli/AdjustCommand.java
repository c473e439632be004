// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.config.Adjust;
import io.drbdpilot.ops.config.AdjustChecks;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.ResourceLock;
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

/** {@code drbd-pilot adjust RES}: the configuration files applied to the kernel, previewed and verified. */
@Command(name = "adjust", mixinStandardHelpOptions = true,
        description = {"Apply a resource's configuration files to the running kernel with 'drbdadm adjust RES', "
                + "previewed: the checks compare the files between the nodes (drbdadm dump, secrets masked) and show "
                + "each line 'drbdadm -d adjust' would run on each node, in words, the ones that interrupt "
                + "replication or take something away marked.",
            "Then adjust runs node by node (Secondaries first), each verified: 'drbdadm -d adjust' empty after, and "
                + "the connections back. Files that differ between the nodes block, unless --only NODE says whose "
                + "file is meant. DRBD Pilot never writes the files, and never runs 'adjust all'. Without --yes it "
                + "shows the checks and asks first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done and verified", "2:usage", "3:blocked by checks, nothing changed",
            "4:failed, stopped (what ran is reported)", "5:failed, manual action needed"})
public final class AdjustCommand extends PlanCommand {

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The resource.")
    String resource;

    @Option(names = "--only", paramLabel = "NODE", description = "Adjust this node only (its file is the one meant "
            + "when the files differ).")
    String only;

    public AdjustCommand(SettingsStore settings, Path defaultAudit) {
        super(settings, defaultAudit);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        Map<String, String> targets;
        try {
            targets = live.targets(settings.load().settings(), only == null ? List.of() : List.of(only));
        } catch (IllegalArgumentException e) {
            err.println("adjust: " + e.getMessage());
            return SwitchoverCommand.USAGE;
        }
        try (ClusterMonitor monitor = live.settled(targets)) {
            List<String> nodes = LiveOptions.nodesWithResource(monitor.snapshot(), targets, resource);
            if (nodes.isEmpty()) {
                err.println("adjust: no node among " + targets.keySet() + " holds " + resource);
                return SwitchoverCommand.USAGE;
            }
            Adjust a;
            try {
                a = new Adjust(new SshNodeAccess(monitor, Clock.systemUTC()), resource, nodes, only,
                        new Adjust.Options(plan.audit(defaultAudit), ResourceLock.holder("drbd-pilot CLI"),
                                Duration.ofSeconds(60)));
            } catch (IllegalArgumentException e) {
                err.println("adjust: " + e.getMessage());
                return SwitchoverCommand.USAGE;
            }
            AdjustChecks.Result checked = a.check();
            String script = a.script(checked);
            int code = plan.runChecked("adjust", out, err, new PlanOptions.Checked("Checks for drbdadm adjust "
                    + resource + ":", checked, Map.of("checks", checked.checks(), "blocked", checked.blocked(),
                    "drift", checked.drift().findings(), "script", script), script, resource, "Run drbdadm adjust "
                    + resource + " on " + String.join(", ", checked.actOn()) + "?"),
                    l -> a.execute(l, Decider.ABORT, checked));
            out.flush();
            return code;
        }
    }
}
