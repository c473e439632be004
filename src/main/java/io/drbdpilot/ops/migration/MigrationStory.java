// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.migration;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.GenerationIds;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.WorkloadCommands;
import io.drbdpilot.ops.plan.DualWindow;
import io.drbdpilot.ops.plan.PlanStory;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ssh.CommandResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a migration says at its end: where the workload runs, each resource's state, and the dual-primary window. */
public final class MigrationStory implements PlanStory {

    private final Run run;
    private final MigrationChecks.Result c;
    private final DualWindow window;

    MigrationStory(Run run, MigrationChecks.Result c, DualWindow window) {
        this.run = run;
        this.c = c;
        this.window = window;
    }

    @Override
    public String done() {
        Workload w = c.workload();
        String roles = c.target() + " is Primary for " + String.join(", ", w.resources()) + " and " + c.source()
                + " Secondary";
        if (c.mode() == Migration.Mode.LIVE) {
            return "Done: " + w.name() + " runs on " + c.target() + " and not on " + c.source() + "; " + roles
                    + "; allow-two-primaries is off again.";
        }
        String started = switch (w.kind()) {
            case SERVICE -> w.units().isEmpty() ? " is mounted on " + c.target()
                    : " is mounted and running (systemctl is-active) on " + c.target();
            default -> w.running() ? " runs on " + c.target() : " is on " + c.target() + " (shut off, as it was)";
        };
        return "Done: " + w.name() + started + "; " + roles + ".";
    }

    @Override
    public List<String> state(boolean done) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (String res : c.workload().resources()) {
            Run.Reads r = run.on(res).reads();
            out.add(res + ": " + r.source().describe(c.targetHost()));
            out.add(res + ": " + r.target().describe(c.sourceHost()));
        }
        return out;
    }

    @Override
    public String restored() {
        Workload w = c.workload();
        String there = c.mode() == Migration.Mode.LIVE ? " runs there; allow-two-primaries is off again."
                : w.running() ? " was started there again." : " is there again (it was not running).";
        return c.source() + " is Primary again for " + String.join(", ", w.resources()) + ", and " + w.name()
                + there;
    }

    /**
     * A live migration's two Primaries that lost their link: DRBD 8.4 gives a Primary that loses its peer a new data
     * generation at once, written to or not, so two Primaries apart meet in split brain when the link returns, even
     * when the VM never ran on one of them (seen on the real kernel). The plan cannot resolve it while the link is
     * down; it reads both nodes' generations ({@code drbdadm get-gi}) and, when they diverged, names the resolution:
     * the node that does not run the VM is the victim.
     */
    @Override
    public PlanStory.Followup followup(boolean workDone) throws InterruptedException {
        if (c.mode() != Migration.Mode.LIVE) {
            return null; // one Primary at a time: never two new generations apart
        }
        List<String> said = new ArrayList<>();
        List<String> manual = new ArrayList<>();
        String vm = c.workload().name();
        for (String res : c.workload().resources()) {
            Run on = run.on(res);
            Run.Reads r = apart(on);
            if (r == null) {
                continue;
            }
            if (!r.source().reachable() || !r.target().reachable()) {
                maybe(on, res, r, said, manual);
                continue;
            }
            CommandResult a = on.query(c.source(), DrbdCommands.getGi(res));
            CommandResult b = on.query(c.target(), DrbdCommands.getGi(res));
            List<GenerationIds> ga = a.ok() ? GenerationIds.parseAll(a.stdout()) : List.of();
            List<GenerationIds> gb = b.ok() ? GenerationIds.parseAll(b.stdout()) : List.of();
            if (ga.isEmpty() || gb.isEmpty()) { // unknown is not "no split brain"
                said.add("The link of " + res + " is down, and whether the nodes will meet in split brain when it "
                        + "returns could not be read (drbdadm get-gi on " + (ga.isEmpty() ? c.source() + ": "
                        + Probe.said(a) : c.target() + ": " + Probe.said(b)) + ").");
                manual.add("when the link is back: drbd-pilot status " + res + "    # split brain shows as StandAlone; "
                        + "then drbd-pilot split-brain " + res);
                continue;
            }
            if (ga.get(0).relationTo(gb.get(0)) != GenerationIds.Relation.DIVERGED) {
                continue;
            }
            String runsOn = where();
            String victim = runsOn == null ? null : runsOn.equals(c.source()) ? c.target() : c.source();
            String why = victim == null ? vm + " could not be found on exactly one node: keep the one that runs it"
                    : victim.equals(c.target()) ? vm + " never ran on " + victim + ", so it wrote nothing there"
                    : workDone ? vm + " moved to " + runsOn + " while the link held, so " + victim + " wrote nothing "
                    + "of its own since" : vm + " runs on " + runsOn + "; what it wrote on " + victim + " after the "
                    + "link was lost is not on " + runsOn;
            said.add("The link of " + res + " was lost while both nodes were Primary, and each started a new data "
                    + "generation (" + c.source() + " " + ga.get(0).current() + ", " + c.target() + " "
                    + gb.get(0).current() + "): when the link returns DRBD will report split brain and both sides "
                    + "stay StandAlone. " + (victim == null ? "Choose the victim: " + why + "."
                    : "Resolve it with " + victim + " as the victim: " + why + "."));
            manual.add("when the link is back: drbd-pilot split-brain " + res
                    + (victim == null ? "    # choose --victim NODE: " : " --victim " + victim + "    # ") + why);
        }
        return manual.isEmpty() ? null : new PlanStory.Followup(String.join(" ", said), manual);
    }

    /**
     * Both nodes' reads once they agree the link is down, or null when it is up or a node cannot be read (the state
     * lines say so). A side that has not noticed yet is given the verification's time: a Primary that notices later
     * still starts a new generation then.
     */
    private Run.Reads apart(Run on) throws InterruptedException {
        Instant deadline = run.now().plus(run.verifyTimeout());
        while (true) {
            Run.Reads r = on.reads();
            if (!r.source().reachable() && !r.target().reachable()) {
                return null;
            }
            boolean s = linked(r.source(), c.targetHost());
            boolean t = linked(r.target(), c.sourceHost());
            if (s && t) {
                return null;
            }
            if (!r.source().reachable() || !r.target().reachable()) {
                return s || t ? null : r; // the one read sees its link down
            }
            if (!s && !t || !run.now().isBefore(deadline)) {
                return r;
            }
            on.awaitChange(Duration.ofSeconds(1));
        }
    }

    /**
     * One node cannot be read and the other lost their link: if the one read started a new data generation apart
     * (it was Primary then), the other may have too; that is only known when it is back, and is said as a possibility.
     */
    private void maybe(Run on, String res, Run.Reads r, List<String> said, List<String> manual)
            throws InterruptedException {
        if (!on.promoteSent()) {
            return; // the target was never promoted: it was Secondary when the link went, one side is only behind
        }
        boolean sourceRead = r.source().reachable();
        String seen = sourceRead ? c.source() : c.target();
        String away = sourceRead ? c.target() : c.source();
        CommandResult g = on.query(seen, DrbdCommands.getGi(res));
        List<GenerationIds> gi = g.ok() ? GenerationIds.parseAll(g.stdout()) : List.of();
        boolean apart = gi.isEmpty() || !GenerationIds.base(gi.get(0).bitmap()).equals("0000000000000000");
        if (!apart) {
            return; // it was not Primary when the link was lost: whatever the other did, it is only behind or ahead
        }
        String victim = Boolean.TRUE.equals(runs(seen)) ? away : null;
        said.add(away + " cannot be read, and " + seen + (gi.isEmpty() ? " could not say whether it started a new "
                + "data generation for " + res : " started a new data generation for " + res + " when the link was "
                + "lost (" + gi.get(0).current() + ")") + ": if " + away + " was Primary then too, DRBD will report "
                + "split brain when both are back and linked. Look before anything else.");
        manual.add("when " + away + " is back: drbd-pilot status " + res + "    # StandAlone means split brain: then "
                + "drbd-pilot split-brain " + res + (victim == null ? " --victim NODE (the node that does not run "
                + c.workload().name() + ")" : " --victim " + victim + " (" + c.workload().name() + " runs on "
                + seen + ")"));
    }

    private static boolean linked(NodeRead n, String peerHost) {
        return n.connectionTo(peerHost).map(x -> x.connection().is(CState.CONNECTED)).orElse(false);
    }

    /** The one node the VM runs on now, or null (neither, both, or unknown). */
    private String where() throws InterruptedException {
        List<String> on = new ArrayList<>();
        for (String n : List.of(c.source(), c.target())) {
            Boolean runs = runs(n);
            if (runs == null) {
                return null;
            }
            if (runs) {
                on.add(n);
            }
        }
        return on.size() == 1 ? on.get(0) : null;
    }

    /** Whether the VM runs on a node; null when the node cannot be asked. */
    private Boolean runs(String node) throws InterruptedException {
        CommandResult r = run.query(node, c.workload().kind() == Workload.Kind.XEN
                ? WorkloadCommands.xlList(DrbdCommands.unit(c.workload().name()))
                : WorkloadCommands.domstate(WorkloadCommands.domain(c.workload().ref())));
        if (r.exitCode() == Run.LOST) {
            return null;
        }
        return r.ok() && (c.workload().kind() == Workload.Kind.XEN || r.stdout().strip().equals("running"));
    }

    @Override
    public String footnote() {
        return window == null ? "" : window.summary(run.now());
    }
}
