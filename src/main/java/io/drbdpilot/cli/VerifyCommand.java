// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.verify.Verify;
import io.drbdpilot.ops.verify.VerifyChecks;
import io.drbdpilot.ops.verify.VerifyHistory;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drbd-pilot verify RES}: online verify of one connection, its findings, its history, and a resync. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Run DRBD's online verify between two nodes of a resource and report what the kernel found "
                + "out of sync, as ranges, with the earlier runs (the same ranges again and again mean a disk that "
                + "keeps diverging). With --resync-from, what it found is resynced from that node and checked.",
            "Without --yes it shows the checks and asks first. --history prints the recorded runs only."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (found or not: the report says)", "2:usage", "3:blocked by checks, nothing changed",
            "4:failed, nothing changed", "5:failed during the resync, manual action needed"})
public final class VerifyCommand extends PlanCommand {

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The resource to verify.")
    String resource;

    @Option(names = "--from", paramLabel = "NODE", description = "Where the verify starts (default: the first node).")
    String from;

    @Option(names = "--peer", paramLabel = "NODE", description = "The peer to verify against (default: the second "
            + "node).")
    String peer;

    @Option(names = "--resync-from", paramLabel = "NODE", description = "Resync what is found from this node (the "
            + "good copy).")
    String resyncFrom;

    @Option(names = "--history", description = "Print the recorded verify runs of the resource and exit.")
    boolean history;

    @Option(names = "--run-timeout", paramLabel = "MINUTES", defaultValue = "360", description = "How long the verify "
            + "(and the resync) may take (default: ${DEFAULT-VALUE}).")
    long runMinutes;

    private final Path historyFile;

    public VerifyCommand(SettingsStore settings, Path defaultAudit, Path historyFile) {
        super(settings, defaultAudit);
        this.historyFile = historyFile;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        if (history) {
            out.print(VerifyHistory.describe(new VerifyHistory(historyFile).of(resource)));
            out.flush();
            return 0;
        }
        Map<String, String> targets;
        try {
            List<String> required = new ArrayList<>();
            for (String n : new String[] {from, peer, resyncFrom}) {
                if (n != null) {
                    required.add(n);
                }
            }
            targets = live.targets(settings.load().settings(), required);
            List<String> nodes = new ArrayList<>(targets.keySet());
            if (from == null) {
                from = nodes.stream().filter(n -> !n.equals(peer)).findFirst().orElseThrow();
            }
            if (peer == null) {
                peer = nodes.stream().filter(n -> !n.equals(from)).findFirst().orElseThrow(
                        () -> new IllegalArgumentException("a verify needs two nodes"));
            }
            if (runMinutes < 1) {
                throw new IllegalArgumentException("--run-timeout must be 1 minute or more");
            }
        } catch (IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            return SwitchoverCommand.USAGE;
        }
        try (ClusterMonitor monitor = live.settled(targets)) {
            Verify v;
            try {
                v = new Verify(new SshNodeAccess(monitor, Clock.systemUTC()), resource, from, peer, resyncFrom,
                        new Verify.Options(plan.audit(defaultAudit), ResourceLock.holder("drbd-pilot CLI"),
                                Duration.ofSeconds(15), Duration.ofMinutes(runMinutes), historyFile));
            } catch (IllegalArgumentException e) {
                err.println("verify: " + e.getMessage());
                return SwitchoverCommand.USAGE;
            }
            VerifyChecks.Result c = v.check();
            String script = v.script(c);
            int code = plan.runChecked("verify", out, err, new PlanOptions.Checked("Checks for verifying " + resource
                    + " between " + from + " and " + peer + ":", c, Map.of("checks", c.checks(), "blocked",
                    c.blocked(), "script", script), script, resource, "Verify " + resource + " between " + from
                    + " and " + peer + (resyncFrom == null ? "" : " and resync from " + resyncFrom) + "?"),
                    l -> v.execute(l, Decider.ABORT, c));
            if (!plan.json && !plan.dryRun && v.lastFound() != null) {
                out.println();
                out.print("Verify runs of " + resource + ":\n" + VerifyHistory.describe(new VerifyHistory(historyFile)
                        .of(resource)));
            }
            out.flush();
            return code;
        }
    }
}
