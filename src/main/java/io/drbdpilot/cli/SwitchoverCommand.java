// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.plan.StepRecord;
import io.drbdpilot.ops.switchover.Preflight;
import io.drbdpilot.ops.switchover.Switchover;
import io.drbdpilot.ops.switchover.SwitchoverRequest;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import java.io.IOException;
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

/** {@code drbd-pilot switchover RES --to NODE}: the verified switchover, on the same engine as the wizard. */
@Command(name = "switchover", mixinStandardHelpOptions = true,
        description = {"Move the Primary role of a resource to another node, in the safe order: stop the users on "
                + "the source, demote the source, re-verify the target from both sides, promote it, start the users "
                + "on it. Any failure after the first change is rolled back.",
            "Without --yes it shows the checks and asks first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done and verified", "2:usage", "3:blocked by checks, nothing changed",
            "4:failed and rolled back, source Primary again", "5:failed and NOT rolled back, manual action needed"})
public final class SwitchoverCommand extends PlanCommand {

    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "RES", description = "The resource.")
    String resource;

    @Option(names = "--to", required = true, paramLabel = "NODE", description = "The node that becomes Primary.")
    String to;

    @Option(names = "--from", paramLabel = "NODE", description = "The node that is Primary now (found when omitted).")
    String from;

    @Option(names = "--stop-unit", paramLabel = "UNIT", description = "A systemd unit to stop on the source first. "
            + "Repeatable.")
    List<String> stopUnits = new ArrayList<>();

    @Option(names = "--umount", paramLabel = "PATH", description = "A filesystem to unmount on the source. Repeatable.")
    List<String> umount = new ArrayList<>();

    @Option(names = "--shutdown-vm", paramLabel = "DOMAIN", description = "A libvirt VM to shut down on the source. "
            + "Repeatable.")
    List<String> shutdownVms = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "PATH", description = "Mount the resource's device there on the target "
            + "afterwards. Repeatable.")
    List<String> mount = new ArrayList<>();

    @Option(names = "--start-unit", paramLabel = "UNIT", description = "A systemd unit to start on the target "
            + "afterwards. Repeatable.")
    List<String> startUnits = new ArrayList<>();

    @Option(names = "--start-vm", paramLabel = "DOMAIN", description = "A libvirt VM to start on the target "
            + "afterwards. Repeatable.")
    List<String> startVms = new ArrayList<>();

    public SwitchoverCommand(SettingsStore settings, Path defaultAudit) {
        super(settings, defaultAudit);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        Map<String, String> targets;
        SwitchoverRequest req;
        try {
            targets = live.targets(settings.load().settings(), from == null ? List.of(to) : List.of(to, from));
            req = new SwitchoverRequest(resource, to, from, umount, stopUnits, shutdownVms, mount, startUnits,
                    startVms);
        } catch (IllegalArgumentException e) {
            err.println("switchover: " + e.getMessage());
            return USAGE;
        }
        try (ClusterMonitor monitor = live.settled(targets)) {
            Switchover sw = new Switchover(new SshNodeAccess(monitor, Clock.systemUTC()), List.copyOf(targets.keySet()),
                    req, new Switchover.Options(plan.audit(defaultAudit),
                            ResourceLock.holder("drbd-pilot CLI"), Duration.ofSeconds(15)));
            Preflight.Result pf = sw.check();
            String script = sw.script(pf);
            return plan.runChecked("switchover", out, err, new PlanOptions.Checked("Checks for moving "
                    + pf.source() + " → " + pf.target() + ":", pf, Map.of("checks", pf.checks(), "blocked",
                    pf.blocked(), "script", script), script, resource, "Move " + resource + " from " + pf.source()
                    + " to " + pf.target() + "?"), l -> sw.execute(l, Decider.ABORT, pf));
        }
    }

    static void printChecks(String heading, List<Check> checks, PrintWriter out) {
        out.println(heading);
        for (Check c : checks) {
            out.printf("  %-5s %s: %s%n", c.status(), c.title(), c.reason());
            if (!c.remedy().isEmpty()) {
                out.println("        → " + c.remedy());
            }
        }
        out.flush();
    }

    static PlanListener progress(PrintWriter out) {
        return new PlanListener() {
            private int shown = -10;
            private long quietUntil;

            @Override
            public void progress(String what, double fraction) {
                int pct = (int) Math.round(fraction * 100);
                if (fraction < 0 && System.nanoTime() - quietUntil >= 0) { // no figure: what it does, every 5 s
                    quietUntil = System.nanoTime() + 5_000_000_000L;
                    out.println("    " + RemoteText.line(what));
                    out.flush();
                }
                if (fraction >= 0 && (pct >= shown + 10 || pct == 100 && shown < 100)) {
                    shown = pct;
                    out.println("    " + RemoteText.line(what) + ": " + pct + " %");
                    out.flush();
                }
            }

            @Override
            public void dualPrimary(String res, boolean open, Duration d, boolean overLimit) {
                if (overLimit && open) {
                    out.println("    !!! " + res + ": the dual-primary window is open past its limit.");
                    out.flush();
                }
            }

            @Override
            public void stepStarted(StepRecord s) {
                out.println((s.rollback() ? "ROLLBACK " : "") + "[" + (s.index() + 1) + "] " + s.title() + " …");
                out.flush();
            }

            @Override
            public void stepFinished(StepRecord s) {
                out.println("    " + s.status() + " in " + s.took().toMillis() + " ms"
                        + (s.message().isEmpty() ? "" : ": " + s.message()));
                out.flush();
            }

            @Override
            public void command(String node, RemoteCommand c, CommandResult r) {
                if (r != null && !c.argv().contains("events2")) {
                    out.println("    " + node + "$ " + RemoteText.line(c.toString()) + "  → exit " + r.exitCode());
                    out.flush();
                }
            }

            @Override
            public void log(String line) {
                out.println("    " + RemoteText.line(line)); // log lines quote what nodes said
                out.flush();
            }

            @Override
            public void rollbackStarted(String why) {
                out.println("ROLLBACK: " + RemoteText.line(why));
                out.flush();
            }
        };
    }

    static void printResult(PlanResult r, PrintWriter out) {
        out.println();
        out.println(r.outcome() + " (exit " + r.outcome().exitCode() + ", " + r.outcome().meaning() + ") after "
                + r.elapsed().toMillis() + " ms");
        out.println(r.message());
        if (!r.state().isEmpty()) {
            out.println("State now:");
            r.state().forEach(s -> out.println("  " + s));
        }
        if (!r.manual().isEmpty()) {
            out.println("Run these by hand, in order, after checking the state:");
            r.manual().forEach(m -> out.println("  " + m));
        }
        out.flush();
    }

    static String json(Object o) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (o instanceof PlanResult r) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("outcome", r.outcome());
            map.put("exit", r.outcome().exitCode());
            map.put("message", r.message());
            map.put("checks", r.checks());
            map.put("steps", r.steps().stream().map(st -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("index", st.index());
                x.put("rollback", st.rollback());
                x.put("title", st.title());
                x.put("node", st.node());
                x.put("status", st.status());
                x.put("ms", st.took().toMillis());
                x.put("message", st.message());
                x.put("remedy", st.remedy());
                return x;
            }).toList());
            map.put("state", r.state());
            map.put("manual", r.manual());
            map.put("elapsedMs", r.elapsed().toMillis());
            o = map;
        }
        return m.writeValueAsString(o);
    }
}
