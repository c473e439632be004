// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.config.Resize;
import io.drbdpilot.ops.config.ResizeChecks;
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

/** {@code drbd-pilot resize RES}: a resource grown to its grown backing devices, verified, its filesystem too. */
@Command(name = "resize", mixinStandardHelpOptions = true,
        description = {"Grow a resource after its backing devices were grown on every node (lvextend, or the virtual "
                + "disk): the checks read each node's backing device and DRBD device sizes and block until every "
                + "node's backing device is larger, then 'drbdadm resize RES' runs on the Primary, the new size is "
                + "confirmed on every node and the new area resynced.",
            "With --grow-fs the filesystem mounted on the Primary grows online after it (resize2fs for ext2/3/4, "
                + "xfs_growfs for XFS). --assume-clean skips the resync of the new area: only when the new space "
                + "holds the same on every node (zeros). Nothing shrinks. Without --yes it shows the checks and asks "
                + "first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done and verified", "2:usage", "3:blocked by checks, nothing changed",
            "4:failed, stopped (what ran is reported)", "5:failed, manual action needed"})
public final class ResizeCommand extends PlanCommand {

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The resource.")
    String resource;

    @Option(names = "--grow-fs", description = "Grow the filesystem mounted on the Primary too (ext2/3/4, XFS).")
    boolean growFs;

    @Option(names = "--assume-clean", description = "Do not resync the new area: only when the new space is the "
            + "same on every node (zeros: a new thin or zeroed volume).")
    boolean assumeClean;

    public ResizeCommand(SettingsStore settings, Path defaultAudit) {
        super(settings, defaultAudit);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        Map<String, String> targets;
        try {
            targets = live.targets(settings.load().settings(), List.of());
        } catch (IllegalArgumentException e) {
            err.println("resize: " + e.getMessage());
            return SwitchoverCommand.USAGE;
        }
        try (ClusterMonitor monitor = live.settled(targets)) {
            List<String> nodes = LiveOptions.nodesWithResource(monitor.snapshot(), targets, resource);
            Resize r;
            try {
                r = new Resize(new SshNodeAccess(monitor, Clock.systemUTC()), resource, nodes, growFs, assumeClean,
                        new Resize.Options(plan.audit(defaultAudit), ResourceLock.holder("drbd-pilot CLI"),
                                Duration.ofSeconds(60), Duration.ofHours(2)));
            } catch (IllegalArgumentException e) {
                err.println("resize: " + e.getMessage());
                return SwitchoverCommand.USAGE;
            }
            ResizeChecks.Result checked = r.check();
            String script = r.script(checked);
            int code = plan.runChecked("resize", out, err, new PlanOptions.Checked("Checks for growing " + resource
                    + ":", checked, Map.of("checks", checked.checks(), "blocked", checked.blocked(), "newBytes",
                    checked.newBytes(), "script", script), script, resource, "Grow " + resource + " on "
                    + String.join(", ", nodes) + (checked.grow().isEmpty() ? "" : " and its filesystem") + "?"),
                    l -> r.execute(l, Decider.ABORT, checked));
            out.flush();
            return code;
        }
    }
}
