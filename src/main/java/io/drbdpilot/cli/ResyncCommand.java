// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.resync.ResyncChecks;
import io.drbdpilot.ops.resync.ResyncControl;
import io.drbdpilot.ops.resync.ResyncReport;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drbd-pilot resync RES [pause|resume|rate RATE|reset]}: a resync in words, and its control. */
@Command(name = "resync", mixinStandardHelpOptions = true,
        description = {"Show the resyncs of a resource in words (who syncs from whom, progress, speed, the rate it "
                + "wants, time left, why it waits, and whether a node runs a temporary rate), or control them: "
                + "pause, resume, a temporary rate on the SyncTarget, or reset the rate to the configuration's.",
            "A rate is runtime only (the configuration files are never edited). By default DRBD Pilot follows the "
                + "resync to its end and then resets the rate with 'drbdadm adjust RES'; with --leave it stays until "
                + "'resync RES reset'. Without --yes it shows the checks and asks first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (or the report shown)", "2:usage", "3:blocked by checks, nothing changed",
            "4:failed, undone (a temporary rate reset)", "5:failed, manual action needed"})
public final class ResyncCommand extends PlanCommand {

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The resource.")
    String resource;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ACTION", defaultValue = "status",
            description = "status (default), pause, resume, rate, reset.")
    String action;

    @Parameters(index = "2", arity = "0..1", paramLabel = "RATE", description = "With rate: per second, e.g. 100M, "
            + "4096k, 1G.")
    String rate;

    @Option(names = "--on", paramLabel = "NODE", description = "The node to act on (the SyncTarget for pause and "
            + "rate; default: every node the action concerns).")
    String on;

    @Option(names = "--leave", description = "With rate: leave the rate in place after the plan, until 'resync RES "
            + "reset'.")
    boolean leave;

    @Option(names = "--run-timeout", paramLabel = "MINUTES", defaultValue = "720", description = "How long a rate is "
            + "followed to the resync's end before it is reset anyway (default: ${DEFAULT-VALUE}).")
    long runMinutes;

    public ResyncCommand(SettingsStore settings, Path defaultAudit) {
        super(settings, defaultAudit);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        ResyncChecks.Kind kind = null;
        long kib = 0;
        Map<String, String> targets;
        try {
            String a = action.toLowerCase(Locale.ROOT);
            if (!a.equals("status")) {
                kind = switch (a) {
                    case "pause" -> ResyncChecks.Kind.PAUSE;
                    case "resume" -> ResyncChecks.Kind.RESUME;
                    case "rate" -> ResyncChecks.Kind.RATE;
                    case "reset" -> ResyncChecks.Kind.RESET;
                    default -> throw new IllegalArgumentException("unknown action '" + action + "': status, pause, "
                            + "resume, rate RATE or reset");
                };
            }
            if (kind == ResyncChecks.Kind.RATE) {
                if (rate == null) {
                    throw new IllegalArgumentException("rate needs a rate, e.g. 'resync " + resource + " rate 100M'");
                }
                kib = ResyncControl.parseRate(rate);
            } else if (rate != null) {
                throw new IllegalArgumentException("only rate takes a value");
            }
            if (runMinutes < 1) {
                throw new IllegalArgumentException("--run-timeout must be 1 minute or more");
            }
            targets = live.targets(settings.load().settings(), on == null ? List.of() : List.of(on));
        } catch (IllegalArgumentException e) {
            err.println("resync: " + e.getMessage());
            return SwitchoverCommand.USAGE;
        }
        try (ClusterMonitor monitor = live.settled(targets)) {
            List<String> nodes = LiveOptions.nodesWithDisk(monitor.snapshot(), targets, resource, null);
            if (nodes.size() < 2) {
                err.println("resync: " + resource + " has no two nodes with a disk among " + targets.keySet()
                        + " (or they could not be read)");
                return SwitchoverCommand.USAGE;
            }
            SshNodeAccess access = new SshNodeAccess(monitor, Clock.systemUTC());
            if (kind == null) {
                ResyncReport r = ResyncReport.read(new Probe(access), resource, nodes);
                if (plan.json) {
                    out.println(SwitchoverCommand.json(Map.of("resource", resource, "resyncs", r.lines(), "rates",
                            r.rates(), "unread", r.unread())));
                } else {
                    out.print(r.describe());
                }
                out.flush();
                return r.unread().isEmpty() ? 0 : 4;
            }
            ResyncControl c = new ResyncControl(access, resource, nodes, kind, kib, on, new ResyncControl.Options(
                    plan.audit(defaultAudit), ResourceLock.holder("drbd-pilot CLI"), Duration.ofSeconds(30),
                    Duration.ofMinutes(runMinutes), leave));
            ResyncChecks.Result checked = c.check();
            String script = c.script(checked);
            int code = plan.runChecked("resync", out, err, new PlanOptions.Checked("Checks for " + action + " on "
                    + resource + ":", checked, Map.of("checks", checked.checks(), "blocked", checked.blocked(),
                    "script", script), script, resource, "Run " + action + (rate == null ? "" : " " + rate) + " on "
                    + resource + " (" + String.join(", ", checked.actOn()) + ")?"),
                    l -> c.execute(l, Decider.ABORT, checked));
            out.flush();
            return code;
        }
    }
}
