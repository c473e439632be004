// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.disk.DiskChecks;
import io.drbdpilot.ops.disk.ReplaceDisk;
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

/** {@code drbd-pilot replace-disk RES --on NODE}: a failed backing disk replaced and resynced from the good node. */
@Command(name = "replace-disk", mixinStandardHelpOptions = true,
        description = {"Replace the failed backing disk of a resource on one node: the checks (another node holds "
                + "UpToDate data, the node is not a Primary without a good peer, the new device is there, large "
                + "enough, and blank), then detach if needed, new DRBD metadata on the new device only, attach, and "
                + "the full resync from the good node, verified to UpToDate.",
            "Put the new disk in first: the checks show its size. A device that holds DRBD metadata or a filesystem "
                + "is refused unless you confirm it by its path (--confirm-device). Without --yes it asks first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done and verified", "2:usage", "3:blocked by checks, nothing changed",
            "4:failed before any metadata was written, nothing changed", "5:failed, manual action needed"})
public final class ReplaceDiskCommand extends PlanCommand {

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The resource.")
    String resource;

    @Option(names = "--on", required = true, paramLabel = "NODE", description = "The node whose disk is replaced.")
    String on;

    @Option(names = "--device", paramLabel = "DEV", description = "The new device, when it is not the one the "
            + "configuration names (one volume only).")
    String device;

    @Option(names = "--confirm-device", paramLabel = "DEV", description = "Overwrite what DEV holds (DRBD metadata, "
            + "a filesystem): type its path to say it is the new disk.")
    String confirmDevice;

    @Option(names = "--run-timeout", paramLabel = "MINUTES", defaultValue = "720", description = "How long the full "
            + "resync may take (default: ${DEFAULT-VALUE}).")
    long runMinutes;

    public ReplaceDiskCommand(SettingsStore settings, Path defaultAudit) {
        super(settings, defaultAudit);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        Map<String, String> targets;
        try {
            targets = live.targets(settings.load().settings(), List.of(on));
            if (runMinutes < 1) {
                throw new IllegalArgumentException("--run-timeout must be 1 minute or more");
            }
        } catch (IllegalArgumentException e) {
            err.println("replace-disk: " + e.getMessage());
            return SwitchoverCommand.USAGE;
        }
        try (ClusterMonitor monitor = live.settled(targets)) {
            List<String> nodes = LiveOptions.nodesWithDisk(monitor.snapshot(), targets, resource, on);
            ReplaceDisk r;
            try {
                r = new ReplaceDisk(new SshNodeAccess(monitor, Clock.systemUTC()), resource, on, nodes, device,
                        confirmDevice, new ReplaceDisk.Options(plan.audit(defaultAudit), ResourceLock.holder(
                        "drbd-pilot CLI"), Duration.ofSeconds(60), Duration.ofMinutes(runMinutes)));
            } catch (IllegalArgumentException e) {
                err.println("replace-disk: " + e.getMessage());
                return SwitchoverCommand.USAGE;
            }
            DiskChecks.Result c = r.check();
            String script = r.script(c);
            int code = plan.runChecked("replace-disk", out, err, new PlanOptions.Checked("Checks for replacing " + on
                    + "'s disk of " + resource + ":", c, Map.of("checks", c.checks(), "blocked", c.blocked(),
                    "script", script), script, resource, "Replace " + on + "'s disk of " + resource
                    + " and resync it from " + c.good() + "?"), l -> r.execute(l, Decider.ABORT, c));
            out.flush();
            return code;
        }
    }
}
