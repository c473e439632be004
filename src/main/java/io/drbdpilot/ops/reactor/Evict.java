// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.reactor;

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
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.PlanScript;
import io.drbdpilot.ops.plan.PlanStory;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A move handed to drbd-reactor: {@code drbd-reactorctl evict} on the node that runs the resource, then followed on the
 * nodes until a peer's promoter took over (moved), the node took it back because none could (rolled back), or nobody
 * runs it (a person is told how to start it). Or, with {@code unmask}, the mask an earlier {@code --keep-masked} left
 * on a node is lifted. The lock is taken on every node of the resource: a peer's role changes too.
 */
public final class Evict implements Operation<EvictChecks.Result> {

    /**
     * @param delay how long drbd-reactorctl waits for a peer to take over before it gives up
     */
    public record Options(Path auditFile, String holder, Duration delay, Duration verifyTimeout) {
        public static Options defaults(Path auditFile, String holder) {
            return new Options(auditFile, holder, Duration.ofSeconds(20), Duration.ofSeconds(90));
        }
    }

    private final NodeAccess access;
    private final String resource;
    private final List<String> nodes;
    private final boolean keepMasked;
    private final String unmaskOn;
    private final Options options;
    private final Probe probe;

    /** Evicts the resource from the node that runs it; {@code keepMasked} keeps that node from taking it back. */
    public static Evict evict(NodeAccess access, String resource, List<String> nodes, boolean keepMasked,
            Options options) {
        return new Evict(access, resource, nodes, keepMasked, null, options);
    }

    /** Lifts an earlier {@code --keep-masked} on a node. */
    public static Evict unmask(NodeAccess access, String resource, List<String> nodes, String node, Options options) {
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException(node + " does not hold " + resource + "; its nodes are " + nodes);
        }
        return new Evict(access, resource, nodes, false, node, options);
    }

    private Evict(NodeAccess access, String resource, List<String> nodes, boolean keepMasked, String unmaskOn,
            Options options) {
        this.access = access;
        this.resource = DrbdCommands.resource(resource);
        this.nodes = List.copyOf(nodes);
        this.keepMasked = keepMasked;
        this.unmaskOn = unmaskOn;
        this.options = options;
        this.probe = new Probe(access);
    }

    @Override
    public EvictChecks.Result check() throws InterruptedException {
        return unmaskOn == null ? EvictChecks.evict(probe, resource, nodes, keepMasked)
                : EvictChecks.unmask(probe, resource, nodes, unmaskOn);
    }

    @Override
    public List<Step> steps(EvictChecks.Result c) {
        if (c.snippet() == null || c.active() == null) {
            return List.of();
        }
        if (unmaskOn != null) {
            return List.of(new EvictSteps.Unmask(unmaskOn, c.snippet(), resource, hosts(c), options.verifyTimeout()));
        }
        return List.of(new EvictSteps.Evict(c.active(), c.snippet(), resource, keepMasked, hosts(c),
                options.delay(), options.verifyTimeout().plus(options.delay())));
    }

    private static Map<String, String> hosts(EvictChecks.Result c) {
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        c.reads().forEach((n, r) -> out.put(n, r.host()));
        return out;
    }

    @Override
    public String script(EvictChecks.Result c) {
        String what = unmaskOn != null ? "lift the mask on " + unmaskOn + " for " + resource + " (drbd-reactor)"
                : "hand the move of " + resource + " to drbd-reactor (evict from " + c.active() + ")";
        return PlanScript.of(access, what, unmaskOn != null ? "" : " drbd-reactor chooses the node that takes over; "
                + "nothing is rolled back by this plan (drbd-reactor restarts it where it may).", c, nodes,
                List.of(ResourceLock.command(resource, options.holder())), steps(c));
    }

    @Override
    public PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed)
            throws InterruptedException {
        return PlanExecutor.audited(access, options.auditFile(), Map.of("kind", unmaskOn != null ? "reactor-unmask"
                : "reactor-evict", "resource", resource, "keepMasked", Boolean.toString(keepMasked), "holder",
                options.holder()), (audit, t0) -> locked(listener, decider, audit, t0, confirmed));
    }

    private PlanResult locked(PlanListener listener, Decider decider, Audit audit, Instant t0, PlanChecks confirmed)
            throws InterruptedException {
        return LockedPlan.run(access, nodes, resource, options.holder(), listener, audit, t0, this::check, confirmed,
                c -> List.of(), (c, lock) -> {
                    String other = c.expected() != null ? c.expected() : c.fit().isEmpty() ? nodes.stream().filter(
                            n -> !n.equals(c.active())).findFirst().orElse(c.active()) : c.fit().get(0);
                    try (Run run = new Run(access, resource, c.active(), other, audit, listener,
                            options.verifyTimeout())) {
                        run.hosts(c.reads().get(c.active()).host(), c.reads().get(other).host());
                        return new PlanExecutor(access, run, List.of(lock), listener, decider, audit, t0, c.checks(),
                                story(c)).go(steps(c));
                    }
                });
    }

    private PlanStory story(EvictChecks.Result c) {
        return new PlanStory() {
            @Override
            public String done() {
                if (unmaskOn != null) {
                    return unmaskOn + " is no longer masked for " + resource + ": drbd-reactor may run it there again.";
                }
                String now = nodes.stream().filter(n -> {
                    try {
                        NodeRead r = probe.read(n, c.reads().get(n).host(), resource);
                        return r.reachable() && r.isPrimary();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }).findFirst().orElse("another node");
                return "drbd-reactor moved " + resource + " from " + c.active() + " to " + now + ": its services ("
                        + String.join(", ", c.config().start()) + ") run there. " + (keepMasked ? c.active()
                        + " stays masked: nothing starts " + resource + " there until drbd-pilot evict " + resource
                        + " --unmask --on " + c.active() + " (or a reboot)." : c.active() + " may run it again "
                        + "later (it is not masked).");
            }

            @Override
            public List<String> state(boolean done) throws InterruptedException {
                List<String> out = new ArrayList<>();
                for (String n : nodes) {
                    NodeRead r = probe.read(n, c.reads().get(n).host(), resource);
                    ReactorState s = ReactorState.read(probe, n, resource);
                    out.add(resource + ": " + r.describe(c.reads().get(n.equals(c.active()) ? c.fit().isEmpty() ? n
                            : c.fit().get(0) : c.active()).host()) + "; " + s.describe());
                }
                return out;
            }

            @Override
            public String restored() {
                return unmaskOn != null ? unmaskOn + " is still masked." : "No peer took over: drbd-reactor runs "
                        + resource + " on " + c.active() + " again.";
            }
        };
    }

}
