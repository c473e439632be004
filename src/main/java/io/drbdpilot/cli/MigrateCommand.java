// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.migration.MigrationChecks;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ops.workload.Workloads;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drbd-pilot migrate WORKLOAD --to NODE}: move a VM or a service with all its resources, live or cold. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Move a workload to another node with all its DRBD resources: a libvirt or Xen VM (by its "
                + "name), or a service (by a systemd unit or the mount point of its DRBD filesystem).",
            "Live (the default for a running VM): allow two Primaries at runtime, promote the target beside the "
                + "source, migrate the VM, demote the source, disallow two Primaries. The dual-primary window is "
                + "always closed at the end; a failed migration leaves the VM on the source.",
            "Cold (services, or --cold): stop the workload, the verified switchover of each resource, start it on "
                + "the target and confirm it runs there.",
            "Without --yes it shows the checks and asks first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done and verified", "2:usage", "3:blocked by checks, nothing changed",
            "4:failed and rolled back, the workload is on the source again", "5:failed and NOT rolled back, manual "
                + "action needed"})
public final class MigrateCommand extends PlanCommand {

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "VM name, systemd unit, or mount point.")
    String workload;

    @Option(names = "--to", required = true, paramLabel = "NODE", description = "The node it moves to.")
    String to;

    /** --live or --cold, or neither (live for a running VM, cold otherwise). */
    static final class ModeChoice {
        @Option(names = "--live", description = "Move a running VM without stopping it.")
        boolean live;

        @Option(names = "--cold", description = "Stop it, switch over, start it on the target.")
        boolean cold;
    }

    @ArgGroup(exclusive = true)
    ModeChoice mode;

    @Option(names = "--unit", paramLabel = "UNIT", description = "A service that uses the filesystem but does not "
            + "say so to systemd (or a SysV init script): stopped and started with it. Repeatable.")
    List<String> units = new ArrayList<>();

    @Option(names = "--dual-primary-limit", paramLabel = "SECONDS", defaultValue = "60",
            description = "Warn loudly when the dual-primary window stays open longer (default: ${DEFAULT-VALUE}).")
    long dualLimit;

    public MigrateCommand(SettingsStore settings, Path defaultAudit) {
        super(settings, defaultAudit);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        Map<String, String> targets;
        try {
            targets = live.targets(settings.load().settings(), List.of(to));
            if (dualLimit < 1) {
                throw new IllegalArgumentException("--dual-primary-limit must be 1 second or more");
            }
        } catch (IllegalArgumentException e) {
            err.println("migrate: " + e.getMessage());
            return SwitchoverCommand.USAGE;
        }
        try (ClusterMonitor monitor = live.settled(targets)) {
            SshNodeAccess access = new SshNodeAccess(monitor, Clock.systemUTC());
            List<String> nodes = List.copyOf(targets.keySet());
            Workloads.Found found = Workloads.discover(new Probe(access), nodes);
            found.errors().forEach((n, e) -> err.println("migrate: " + n + " could not be read: " + e));
            found.skipped().forEach(s -> err.println("migrate: warning: " + s));
            Workload w = found.find(workload).orElse(null);
            if (w == null) {
                err.println("migrate: no workload named " + workload + " on DRBD. Found: " + (found.workloads()
                        .isEmpty() ? "none" : String.join("; ", found.workloads().stream().map(Workload::describe)
                        .toList())) + ".");
                return SwitchoverCommand.USAGE;
            }
            Migration m;
            try {
                if (!units.isEmpty()) {
                    w = w.withUnits(units);
                }
                boolean cold = mode != null ? mode.cold : !w.canMoveLive();
                m = new Migration(access, nodes, w, to, cold ? Migration.Mode.COLD : Migration.Mode.LIVE,
                        new Migration.Options(plan.audit(defaultAudit), ResourceLock.holder(
                                "drbd-pilot CLI"), Duration.ofSeconds(15), Duration.ofSeconds(dualLimit),
                                Duration.ofMinutes(30)));
            } catch (IllegalArgumentException e) {
                err.println("migrate: " + e.getMessage());
                return SwitchoverCommand.USAGE;
            }
            MigrationChecks.Result c = m.check();
            String what = (m.mode() == Migration.Mode.LIVE ? "live" : "cold") + " migration of " + w.describe()
                    + " to " + to;
            Migration mig = m;
            String script = m.script(c);
            return plan.runChecked("migrate", out, err, new PlanOptions.Checked("Checks for the " + what + ":", c,
                    Map.of("workload", w, "mode", m.mode(), "checks", c.checks(), "blocked", c.blocked(), "script",
                    script), script, w.name(), "Run the " + what + "?"), l -> mig.execute(l,
                    Decider.ABORT, c));
        }
    }
}
