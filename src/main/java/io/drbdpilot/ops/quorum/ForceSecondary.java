// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.quorum;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Audit;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.LockedPlan;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ops.plan.PlanExecutor;
import io.drbdpilot.ops.plan.PlanStory;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.PlanScript;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recovers a DRBD 9 Primary that lost quorum: after the checks explain why and what happens to its users,
 * {@code drbdadm secondary --force RES} on that node, confirmed Secondary. The lock is taken on that node only (its
 * peers are the ones it cannot reach). The switchover to a node with quorum comes after, as its own plan: the result
 * names it.
 */
public final class ForceSecondary implements Operation<QuorumChecks.Result> {

    public record Options(Path auditFile, String holder, Duration verifyTimeout) {
    }

    private final NodeAccess access;
    private final String resource;
    private final String node;
    private final List<String> nodes;
    private final Options options;
    private final Probe probe;
    private final String takeOver;

    /**
     * @param takeOver the node with quorum to promote after the forced demotion, or null to leave that to the operator
     */
    public ForceSecondary(NodeAccess access, String resource, String node, List<String> nodes, String takeOver,
            Options options) {
        this.access = access;
        this.resource = DrbdCommands.resource(resource);
        this.node = node;
        this.nodes = List.copyOf(nodes);
        this.takeOver = takeOver;
        this.options = options;
        this.probe = new Probe(access);
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException(node + " does not hold " + resource + "; its nodes are " + nodes);
        }
        if (takeOver != null && (!nodes.contains(takeOver) || takeOver.equals(node))) {
            throw new IllegalArgumentException(takeOver + " cannot take over " + resource + " from " + node
                    + "; the nodes are " + nodes);
        }
    }

    @Override
    public QuorumChecks.Result check() throws InterruptedException {
        return QuorumChecks.run(probe, resource, node, nodes, takeOver);
    }

    @Override
    public List<Step> steps(QuorumChecks.Result c) {
        List<Step> out = new ArrayList<>();
        out.add(new Demote(node, c.reads().get(node).host(), resource, options.verifyTimeout()));
        if (takeOver != null) {
            out.add(new TakeOver(takeOver, c.reads().get(takeOver).host(), node, c.reads().get(node).host(), resource,
                    options.verifyTimeout()));
        }
        return out;
    }

    @Override
    public String script(QuorumChecks.Result c) {
        return PlanScript.of(access, "force " + node + " to Secondary for " + resource + " (it lost quorum)",
                " Its users' I/O fails from then on; nothing is rolled back.", c, List.of(node),
                List.of(ResourceLock.command(resource, options.holder())), steps(c));
    }

    @Override
    public PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed)
            throws InterruptedException {
        return PlanExecutor.audited(access, options.auditFile(), Map.of("kind", "force-secondary", "resource",
                resource, "node", node, "holder", options.holder()), (audit, t0) -> locked(listener, decider, audit,
                t0, confirmed));
    }

    private PlanResult locked(PlanListener listener, Decider decider, Audit audit, Instant t0, PlanChecks confirmed)
            throws InterruptedException {
        return LockedPlan.run(access, List.of(node), resource, options.holder(), listener, audit, t0, this::check,
                confirmed, c -> List.of(), (c, lock) -> {
                    String other = c.takeover() != null ? c.takeover() : nodes.stream().filter(n -> !n.equals(node))
                            .findFirst().orElse(node);
                    try (Run run = new Run(access, resource, node, other, audit, listener, options.verifyTimeout())) {
                        run.hosts(c.reads().get(node).host(), c.reads().get(other).host());
                        return new PlanExecutor(access, run, List.of(lock), listener, decider, audit, t0,
                                c.checks(), story(c)).go(steps(c));
                    }
                });
    }

    private PlanStory story(QuorumChecks.Result c) {
        return new PlanStory() {
            @Override
            public String done() {
                String forced = node + " is Secondary for " + resource + " (forced): whatever still has the device "
                        + "open gets I/O errors until it closes it; stop it and unmount. ";
                if (takeOver != null) {
                    return forced + takeOver + " is Primary with quorum and UpToDate data: start the users there.";
                }
                return forced + (c.takeover() == null
                        ? "No node has quorum and UpToDate data now: promote one when the nodes see each other again."
                        : "Next: switch over to " + c.takeover() + " (drbd-pilot switchover " + resource + " --to "
                        + c.takeover() + "), then start the users there.");
            }

            @Override
            public List<String> state(boolean done) throws InterruptedException {
                List<String> out = new ArrayList<>();
                for (String n : nodes) {
                    NodeRead r = probe.read(n, c.reads().get(n).host(), resource);
                    out.add(resource + ": " + r.describe(c.reads().get(n.equals(node) ? (c.takeover() == null ? n
                            : c.takeover()) : node).host()) + (r.quorumLost() ? "; no quorum" : ""));
                }
                return out;
            }

            @Override
            public String restored() {
                return node + " was not demoted: it is still Primary without quorum.";
            }
        };
    }

    /**
     * The takeover after the forced demotion: {@code drbdadm primary RES} (never forced) on a node with quorum. Before,
     * read fresh: the forced node reads Secondary (unknown is not safe: a node that cannot be read stops the plan),
     * and this node is Secondary, UpToDate, with quorum. After: Primary, UpToDate, with quorum. A failure leaves
     * nobody Primary: the command is handed to the operator.
     */
    static final class TakeOver extends Step {
        private final String host;
        private final String forced;
        private final String forcedHost;
        private final String res;
        private final Duration timeout;

        TakeOver(String node, String host, String forced, String forcedHost, String res, Duration timeout) {
            super(node);
            this.host = host;
            this.forced = forced;
            this.forcedHost = forcedHost;
            this.res = res;
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Promote " + node() + ", which has quorum (" + res + ")";
        }

        @Override
        public String conditions() {
            return "before: " + forced + " Secondary, " + node() + " Secondary, UpToDate, with quorum; after: "
                    + node() + " Primary";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.primary(res));
        }

        @Override
        public boolean pointOfNoReturn() {
            return true;
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            List<Step.Cmd> finish = List.of(new Step.Cmd(node(), DrbdCommands.primary(res)));
            NodeRead old = run.probe().read(forced, forcedHost, res);
            NodeRead me = run.probe().read(node(), host, res);
            String unfit = !old.reachable() ? forced + " cannot be read (" + old.error() + "): whether it is still "
                    + "Primary is not known" : old.isPrimary() ? forced + " is Primary again"
                    : !me.reachable() ? node() + " cannot be read (" + me.error() + ")"
                    : me.quorumLost() ? node() + " has no quorum now"
                    : !me.diskUpToDate() ? node() + " is " + me.diskText() : null;
            if (me.reachable() && me.isPrimary() && unfit == null) {
                run.log(node() + " is Primary already.");
                return;
            }
            if (unfit != null) {
                throw StepFailed.needsAPerson(unfit + "; " + node() + " was not promoted, so nobody is Primary for "
                        + res + ".", "When " + forced + " reads Secondary and " + node() + " has quorum and "
                        + "UpToDate data, promote it.", finish);
            }
            CommandResult out = run.exec(node(), DrbdCommands.primary(res));
            if (!out.ok()) {
                throw StepFailed.needsAPerson("drbdadm primary " + res + " on " + node() + " was refused ("
                        + Probe.said(out) + "); nobody is Primary for " + res + ".", "Read what DRBD said, then "
                        + "promote a node that has quorum and UpToDate data.", finish);
            }
            Instant deadline = run.now().plus(timeout);
            while (true) {
                NodeRead now = run.probe().read(node(), host, res);
                if (now.isPrimary() && now.diskUpToDate() && !now.quorumLost()) {
                    break;
                }
                if (!run.now().isBefore(deadline)) {
                    throw StepFailed.needsAPerson(node() + " is not Primary with UpToDate data and quorum "
                            + timeout.toSeconds() + " s after the promote: " + now.describe(forcedHost) + ".",
                            "Look at its kernel log (dmesg).", finish);
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
            run.log(node() + " is Primary for " + res + ", with quorum.");
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    /**
     * {@code drbdadm secondary --force RES}. Before, read fresh: still Primary and without quorum (quorum back: nothing
     * is forced, the switchover does it). After: Secondary. No undo: a node without quorum cannot be promoted again.
     */
    static final class Demote extends Step {
        private final String host;
        private final String res;
        private final Duration timeout;

        Demote(String node, String host, String res, Duration timeout) {
            super(node);
            this.host = host;
            this.res = res;
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Force " + node() + " to Secondary (" + res + ", drbdadm secondary --force)";
        }

        @Override
        public String conditions() {
            return "before: " + node() + " Primary without quorum; after: Secondary";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.forceSecondary(res));
        }

        @Override
        public boolean pointOfNoReturn() {
            return true;
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            NodeRead r = run.probe().read(node(), host, res);
            if (!r.reachable()) {
                throw new StepFailed(node() + " cannot be read (" + r.error() + "); nothing was forced.", "Check the "
                        + "node.");
            }
            if (!r.isPrimary()) {
                run.log(node() + " is " + r.role().drbdName() + " already.");
                return;
            }
            if (!r.quorumLost()) {
                throw new StepFailed(node() + " has quorum again; nothing was forced.", "Use the switchover: drbd-pilot "
                        + "switchover " + res + " --to NODE.");
            }
            CommandResult out = run.exec(node(), DrbdCommands.forceSecondary(res));
            if (!out.ok()) {
                throw new StepFailed("drbdadm secondary --force " + res + " on " + node() + " failed (" + Probe.said(out)
                        + ").", "Read what DRBD said; " + node() + " is still Primary.");
            }
            Instant deadline = run.now().plus(timeout);
            while (run.probe().read(node(), host, res).isPrimary()) {
                if (!run.now().isBefore(deadline)) {
                    throw StepFailed.needsAPerson(node() + " is still Primary " + timeout.toSeconds() + " s after "
                            + "drbdadm secondary --force.", "Look at its kernel log (dmesg); power it off if it must "
                            + "stop for good.");
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
            run.log(node() + " is Secondary for " + res + " (forced).");
        }

        @Override
        public Step undo() {
            return null;
        }
    }
}
