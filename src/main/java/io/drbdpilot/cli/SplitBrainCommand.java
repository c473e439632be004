// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.drbd.inspect.KernelLog;
import io.drbdpilot.drbd.model.GenerationIds;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.splitbrain.EvidenceText;
import io.drbdpilot.ops.splitbrain.SplitBrain;
import io.drbdpilot.ops.splitbrain.SplitBrainChecks;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.ssh.RemoteText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drbd-pilot split-brain RES [--victim NODE]}: the evidence of a split brain, and its verified resolution. */
@Command(name = "split-brain", mixinStandardHelpOptions = true,
        description = {"Show what each side of a split brain changed (the generation identifiers and what they mean, "
                + "the kernel's lines, the out-of-sync data, who was Primary, what uses the device, the policies) "
                + "and, with --victim, resolve it: the victim's changes since the split are discarded and it "
                + "resyncs from the other side, verified from both.",
            "Without --victim it changes nothing. With it, it shows the checks and asks for the victim's name "
                + "(--yes for scripts)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done and verified (or the evidence was shown)", "2:usage", "3:blocked by checks, nothing "
            + "changed", "4:failed before anything was discarded; the victim is left StandAlone", "5:failed and NOT "
            + "finished, manual action needed"})
public final class SplitBrainCommand extends PlanCommand {

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The resource in split brain.")
    String resource;

    @Option(names = "--victim", paramLabel = "NODE", description = "The node whose changes since the split are "
            + "thrown away.")
    String victim;

    @Option(names = "--save-to", paramLabel = "PATH", description = "Before the discard, copy the victim's backing "
            + "device to this file on the victim (dd), checked by size.")
    String saveTo;

    @Option(names = "--snapshot", description = "Before the discard, take an LVM snapshot of the victim's backing "
            + "volume (when LVM holds it).")
    boolean snapshot;

    @Option(names = "--stop-unit", paramLabel = "UNIT", description = "A systemd unit to stop on the victim first "
            + "(not started again). Repeatable.")
    List<String> stopUnits = new ArrayList<>();

    @Option(names = "--umount", paramLabel = "PATH", description = "A filesystem to unmount on the victim first. "
            + "Repeatable.")
    List<String> umount = new ArrayList<>();

    @Option(names = "--shutdown-vm", paramLabel = "DOMAIN", description = "A libvirt VM to shut down on the victim "
            + "first. Repeatable.")
    List<String> shutdownVms = new ArrayList<>();

    @Option(names = "--resync-timeout", paramLabel = "MINUTES", defaultValue = "60", description = "How long the "
            + "resync to the victim is watched (default: ${DEFAULT-VALUE}).")
    long resyncMinutes;

    public SplitBrainCommand(SettingsStore settings, Path defaultAudit) {
        super(settings, defaultAudit);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        Map<String, String> targets;
        SplitBrain sb;
        try {
            targets = live.targets(settings.load().settings(), victim == null ? List.of() : List.of(victim));
            if (resyncMinutes < 1) {
                throw new IllegalArgumentException("--resync-timeout must be 1 minute or more");
            }
        } catch (IllegalArgumentException e) {
            err.println("split-brain: " + e.getMessage());
            return SwitchoverCommand.USAGE;
        }
        try (ClusterMonitor monitor = live.settled(targets)) {
            try {
                sb = new SplitBrain(new SshNodeAccess(monitor, Clock.systemUTC()), List.copyOf(targets.keySet()),
                        resource, victim, new SplitBrain.Options(plan.audit(defaultAudit), ResourceLock.holder(
                                "drbd-pilot CLI"), Duration.ofSeconds(15), Duration.ofMinutes(resyncMinutes),
                                new SplitBrain.Save(saveTo, snapshot), new SplitBrain.Stops(shutdownVms, stopUnits,
                                umount)));
            } catch (IllegalArgumentException e) {
                err.println("split-brain: " + e.getMessage());
                return SwitchoverCommand.USAGE;
            }
            SplitBrainChecks.Result c = sb.check();
            if (victim == null) {
                if (plan.json) {
                    out.println(SwitchoverCommand.json(evidenceJson(c)));
                } else {
                    printEvidence(c, out);
                    SwitchoverCommand.printChecks("Checks:", c.checks(), out);
                    out.println("Nothing was changed. To resolve it: drbd-pilot split-brain " + resource
                            + " --victim NODE");
                }
                out.flush();
                return 0;
            }
            if (!plan.json && !plan.dryRun) {
                printEvidence(c, out);
            }
            String script = sb.script(c);
            Map<String, Object> dry = evidenceJson(c);
            dry.put("script", script);
            return plan.runChecked("split-brain", out, err, new PlanOptions.Checked("Checks for discarding "
                    + victim + "'s changes:", c, dry, script, victim, "Discard " + victim + "'s changes?"),
                    l -> sb.execute(l, Decider.ABORT, c));
        }
    }

    static Map<String, Object> evidenceJson(SplitBrainChecks.Result c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", c.resource());
        m.put("victim", c.victim());
        m.put("survivor", c.survivor());
        m.put("relation", c.relation() == null ? null : c.relation().name());
        m.put("recommendation", c.recommendation());
        Map<String, Object> sides = new LinkedHashMap<>();
        c.sides().forEach((n, e) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("state", e.read().reachable() ? e.read().describe("") : "unreachable: " + e.read().error());
            s.put("gi", e.gi().stream().map(GenerationIds::text).toList());
            s.put("changedKiB", e.changedKiB());
            s.put("kernel", e.log().stream().filter(l -> l.kind() != KernelLog.Kind.OTHER).map(l -> l.time() + " "
                    + RemoteText.line(l.text(), 300)).toList());
            s.put("users", e.users() == null ? e.usersError() : e.users().describe());
            s.put("policies", e.policies());
            sides.put(n, s);
        });
        m.put("sides", sides);
        m.put("checks", c.checks());
        m.put("blocked", c.blocked());
        return m;
    }

    static void printEvidence(SplitBrainChecks.Result c, PrintWriter out) {
        out.print(EvidenceText.of(c));
    }
}
