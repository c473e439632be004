// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.config;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Audit;
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
import io.drbdpilot.ssh.SshException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A previewed {@code drbdadm adjust RES}: the checks show every line adjust would run on every node, in words, then
 * adjust runs node by node (Secondaries first), each confirmed by {@code drbdadm -d adjust} being empty after and the
 * connections back. Never {@code adjust all}; the configuration files are never written.
 */
public final class Adjust implements Operation<AdjustChecks.Result> {

    public record Options(Path auditFile, String holder, Duration verifyTimeout) {
    }

    private final NodeAccess access;
    private final String resource;
    private final List<String> nodes;
    private final String only;
    private final Options options;
    private final Probe probe;

    /**
     * @param nodes the nodes of the resource
     * @param only  the one node to adjust (its file is the one meant), or null for every node
     */
    public Adjust(NodeAccess access, String resource, List<String> nodes, String only, Options options) {
        this.access = access;
        this.resource = DrbdCommands.resource(resource);
        this.nodes = List.copyOf(nodes);
        this.only = only;
        this.options = options;
        this.probe = new Probe(access);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no node holds " + resource);
        }
        if (only != null && !nodes.contains(only)) {
            throw new IllegalArgumentException(only + " does not hold " + resource + "; its nodes are " + nodes);
        }
    }

    @Override
    public AdjustChecks.Result check() throws InterruptedException {
        return AdjustChecks.run(probe, resource, nodes, only);
    }

    @Override
    public List<Step> steps(AdjustChecks.Result c) {
        List<Step> out = new ArrayList<>();
        for (String n : c.actOn()) {
            NodeRead r = c.reads().get(n);
            List<String> peers = new ArrayList<>();
            c.reads().values().stream().filter(o -> !o.node().equals(n) && r.connectedTo(o.host()))
                    .forEach(o -> peers.add(o.host()));
            List<String> rest = c.actOn().stream().filter(o -> !o.equals(n)).toList();
            out.add(new AdjustSteps.Apply(n, r.host(), resource, c.actions(n), peers, rest,
                    options.verifyTimeout()));
        }
        return out;
    }

    @Override
    public String script(AdjustChecks.Result c) {
        return PlanScript.of(access, "apply the configuration files of " + resource + " to the kernel on "
                + (c.actOn().isEmpty() ? "no node" : String.join(", ", c.actOn())), " drbdadm adjust reads the files "
                + "as they are; DRBD Pilot never writes them.", c, lockNodes(), List.of(ResourceLock.command(resource,
                options.holder())), steps(c));
    }

    private List<String> lockNodes() {
        return only == null ? nodes : List.of(only);
    }

    @Override
    public PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed)
            throws InterruptedException {
        return PlanExecutor.audited(access, options.auditFile(), Map.of("kind", "adjust", "resource", resource,
                "holder", options.holder()), (audit, t0) -> locked(listener, decider, audit, t0,
                (AdjustChecks.Result) confirmed));
    }

    private PlanResult locked(PlanListener listener, Decider decider, Audit audit, Instant t0,
            AdjustChecks.Result confirmed) throws InterruptedException {
        ResourceLock lock;
        try {
            lock = ResourceLock.acquire(access, lockNodes(), resource, options.holder());
        } catch (ResourceLock.Refused | SshException e) {
            listener.log(e.getMessage());
            return PlanResult.lockNotTaken(e, resource, elapsed(t0));
        }
        try (lock) {
            AdjustChecks.Result c = check();
            c.checks().forEach(k -> audit.event("check", Map.of("id", k.id(), "status", k.status().name(),
                    "reason", k.reason())));
            if (c.blocked()) {
                return PlanResult.blocked(c, audit, elapsed(t0));
            }
            if (confirmed != null) {
                List<String> changes = new ArrayList<>(c.changesFrom(confirmed));
                for (String n : c.actOn()) {
                    if (!c.actions(n).equals(confirmed.actions(n))) {
                        changes.add("adjust on " + n + " would now run " + c.actions(n) + ", not what was confirmed");
                    }
                }
                if (!c.actOn().equals(confirmed.actOn())) {
                    changes.add("it would adjust " + c.actOn() + ", not " + confirmed.actOn());
                }
                if (!changes.isEmpty()) {
                    return PlanResult.changed(c, changes, audit, elapsed(t0));
                }
            }
            String a = c.actOn().get(0);
            String b = nodes.stream().filter(n -> !n.equals(a)).findFirst().orElse(a);
            try (Run run = new Run(access, resource, a, b, audit, listener, options.verifyTimeout())) {
                run.hosts(c.reads().get(a).host(), c.reads().get(b).host());
                return new PlanExecutor(access, run, List.of(lock), listener, decider, audit, t0, c.checks(),
                        story(c)).go(steps(c));
            }
        }
    }

    private PlanStory story(AdjustChecks.Result c) {
        return new PlanStory() {
            @Override
            public String done() {
                return "The kernel runs the files of " + resource + " on " + String.join(", ", c.actOn())
                        + ": drbdadm -d adjust " + resource + " is empty there.";
            }

            @Override
            public List<String> state(boolean done) throws InterruptedException {
                List<String> out = new ArrayList<>();
                ConfigDrift now = ConfigDrift.read(probe, resource, nodes);
                for (String n : nodes) {
                    NodeRead r = probe.read(n, c.reads().get(n).host(), resource);
                    String peer = c.reads().values().stream().filter(o -> !o.node().equals(n)).map(NodeRead::host)
                            .findFirst().orElse(n);
                    out.add(resource + ": " + r.describe(peer) + (now.kernelDiffersOn().contains(n)
                            ? "; still differs from its files" : now.unread().containsKey(n) ? "; its files could not "
                            + "be read" : "; runs its files"));
                }
                return out;
            }

            @Override
            public String restored() {
                return "Nothing can be undone: the kernel ran the files where adjust ran. Nothing else was changed.";
            }
        };
    }

    private Duration elapsed(Instant t0) {
        return Duration.between(t0, access.clock().instant());
    }
}
