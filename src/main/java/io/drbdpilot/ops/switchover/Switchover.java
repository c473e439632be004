// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.switchover;

import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Audit;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
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
import io.drbdpilot.ops.role.RoleSteps;
import io.drbdpilot.ops.workload.UserSteps;
import io.drbdpilot.ssh.SshException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verified switchover (docs/drbd-reference.md §f.3): stop the users on the source, <b>demote the source</b>,
 * <b>re-verify the target</b> from both sides, promote it, start the users on it. Every step reads its preconditions fresh, acts, and
 * confirms; a failure after the first change rolls everything back in reverse, and a rollback that cannot finish
 * stops with the exact state and the commands left to run. The resource is locked on both nodes for the whole plan.
 * FX-free: the wizard and {@code drbd-pilot switchover} are two faces of this class.
 */
public final class Switchover implements Operation<Preflight.Result> {

    /**
     * @param auditFile     the local JSON-lines audit file, or null
     * @param holder        who takes the lock, as other admins will see it
     * @param verifyTimeout how long each verification observes the cluster before it gives up
     */
    public record Options(Path auditFile, String holder, Duration verifyTimeout) {
        public static Options defaults(Path auditFile, String holder) {
            return new Options(auditFile, holder, Duration.ofSeconds(15));
        }
    }

    private final NodeAccess access;
    private final List<String> nodes;
    private final SwitchoverRequest req;
    private final Options options;
    private final Probe probe;

    /** @param nodes the cluster's nodes, where the source is looked for when the request does not name it */
    public Switchover(NodeAccess access, List<String> nodes, SwitchoverRequest req, Options options) {
        this.access = access;
        this.nodes = List.copyOf(nodes);
        this.req = req;
        this.options = options;
        this.probe = new Probe(access);
        if (!nodes.contains(req.target())) {
            throw new IllegalArgumentException("unknown target node " + req.target() + "; the nodes are " + nodes);
        }
    }

    public SwitchoverRequest request() {
        return req;
    }

    /** The checks, read fresh, without the lock (for the wizard's live page and the dry run). */
    @Override
    public Preflight.Result check() throws InterruptedException {
        String source = source();
        if (source == null) {
            return noSource();
        }
        return Preflight.run(probe, req, source);
    }

    private String source() throws InterruptedException {
        if (req.source() != null) {
            return req.source();
        }
        String hint = access.primaryHint(req.resource());
        if (hint != null && !hint.equals(req.target()) && nodes.contains(hint)) {
            return hint; // the checks confirm it, fresh
        }
        return Preflight.findSource(probe, nodes.stream().filter(n -> !n.equals(req.target())).toList(),
                req.resource());
    }

    private Preflight.Result noSource() {
        NodeRead none = new NodeRead("?", "?", null, "no source", access.clock().instant());
        return new Preflight.Result("?", req.target(), "?", req.target(), none, none, null, List.of(Check.block(
                "source-primary", "Source is Primary", "No other node is Primary for " + req.resource()
                        + " (or more than one is).", "A switchover moves the Primary role; with no Primary, promote "
                        + req.target() + " after checking that it is UpToDate.")));
    }

    /** The plan's steps, in order. */
    @Override
    public List<Step> steps(Preflight.Result pf) {
        String res = req.resource();
        String s = pf.source();
        String t = pf.target();
        Map<String, String> devices = new LinkedHashMap<>();
        if (pf.sourceUsers() != null) {
            pf.sourceUsers().mounts().forEach(m -> devices.put(m.path(), m.device()));
        }
        List<Step> steps = new ArrayList<>();
        req.shutdownVms().forEach(v -> steps.add(new UserSteps.Vm(s, v, false)));
        req.stopUnits().forEach(u -> steps.add(new UserSteps.Unit(s, u, false)));
        req.umount().forEach(p -> steps.add(new UserSteps.Umount(s, p, devices.getOrDefault(p, pf.device()))));
        steps.add(new RoleSteps.Demote(s, res, true));
        steps.add(new RoleSteps.Promote(t, res));
        req.mount().forEach(p -> steps.add(new UserSteps.Mount(t, pf.device(), p)));
        req.startUnits().forEach(u -> steps.add(new UserSteps.Unit(t, u, true)));
        req.startVms().forEach(v -> steps.add(new UserSteps.Vm(t, v, true)));
        return steps;
    }

    /** The whole plan as a shell script a person can review: the exact commands per node, and the rollback. */
    @Override
    public String script(Preflight.Result pf) {
        return PlanScript.of(access, "move the Primary role of " + req.resource() + " from " + pf.source() + " to "
                + pf.target(), "", pf, List.of(pf.source(), pf.target()), List.of(ResourceLock.command(
                req.resource(), options.holder())), steps(pf));
    }

    /** Locks, checks again under the lock, runs the steps, and rolls back on failure (nothing confirmed to compare). */
    public PlanResult execute(PlanListener listener, Decider decider) throws InterruptedException {
        return execute(listener, decider, null);
    }

    /**
     * Locks, checks again under the lock, runs the steps, and rolls back on failure. When the checks read under the
     * lock differ from {@code confirmed} (the ones the operator saw and confirmed: a new WARN, another source), nothing
     * runs: the result is BLOCKED and says what changed, so the operator is asked again.
     */
    @Override
    public PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed) throws InterruptedException {
        return PlanExecutor.audited(access, options.auditFile(), Map.of("kind", "switchover", "resource",
                req.resource(), "target", req.target(), "holder", options.holder(), "request", req.toString()),
                (audit, t0) -> lockedRun(listener, decider, audit, t0, confirmed));
    }

    private PlanResult lockedRun(PlanListener listener, Decider decider, Audit audit, Instant t0,
            PlanChecks confirmed) throws InterruptedException {
        String source = source();
        ResourceLock lock;
        try {
            // Without a source, the target's lock still tells whether another admin is in the middle of a plan.
            lock = ResourceLock.acquire(access, source == null ? List.of(req.target()) : List.of(source, req.target()),
                    req.resource(), options.holder());
            if (source == null) {
                lock.close();
                return blocked(noSource(), t0, audit);
            }
        } catch (ResourceLock.Refused e) {
            listener.log(e.getMessage());
            return PlanResult.lockNotTaken(e, req.resource(), elapsed(t0));
        } catch (SshException e) {
            if (source == null) {
                return blocked(noSource(), t0, audit);
            }
            return PlanResult.lockNotTaken(e, req.resource(), elapsed(t0));
        }
        try (lock) {
            for (String n : List.of(source, req.target())) {
                audit.syslog(n, "switchover of " + req.resource() + " from " + source + " to " + req.target()
                        + " started by " + options.holder());
            }
            Preflight.Result pf = Preflight.run(probe, req, source);
            pf.checks().forEach(c -> audit.event("check", Map.of("id", c.id(), "status", c.status().name(),
                    "reason", c.reason())));
            if (pf.blocked()) {
                return blocked(pf, t0, audit);
            }
            if (confirmed != null && !pf.changesFrom(confirmed).isEmpty()) {
                return PlanResult.changed(pf, pf.changesFrom(confirmed), audit, elapsed(t0));
            }
            try (Run run = new Run(access, req.resource(), source, req.target(), audit, listener,
                    options.verifyTimeout())) {
                run.hosts(pf.sourceHost(), pf.targetHost());
                List<Step> steps = steps(pf);
                return new PlanExecutor(access, run, List.of(lock), listener, decider, audit, t0, pf.checks(),
                        story(run, pf, steps)).go(steps);
            }
        }
    }

    private PlanResult blocked(Preflight.Result pf, Instant t0, Audit audit) {
        return PlanResult.blocked(pf, audit, elapsed(t0));
    }

    private Duration elapsed(Instant t0) {
        return Duration.between(t0, access.clock().instant());
    }

    private PlanStory story(Run run, Preflight.Result pf, List<Step> steps) {
        return new PlanStory() {
            @Override
            public String done() {
                return "Done: " + pf.target() + " is Primary and UpToDate, " + pf.source() + " is Secondary, and they are Connected.";
            }

            @Override
            public List<String> state(boolean done) throws InterruptedException {
                // when done, the last step's verification read both nodes just now: that is the end state
                Run.Reads end = run.lastConfirmed();
                Run.Reads r = done && end != null && steps.get(steps.size() - 1) instanceof RoleSteps.Promote ? end
                        : run.reads();
                return List.of(r.source().describe(pf.targetHost()), r.target().describe(pf.sourceHost()));
            }

            @Override
            public String restored() {
                return pf.source() + " is Primary again.";
            }
        };
    }
}
