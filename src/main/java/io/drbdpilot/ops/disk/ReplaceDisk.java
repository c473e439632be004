// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.disk;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.node.NodeAccess;
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
 * Replaces a failed backing disk: detach if needed, check the new device, new metadata on it (internal metadata; with
 * external metadata an invalidate after the attach instead), attach, and the full resync from the good node, verified
 * to UpToDate. Nothing is ever written on a node other than the one being repaired.
 */
public final class ReplaceDisk implements Operation<DiskChecks.Result> {

    public record Options(Path auditFile, String holder, Duration verifyTimeout, Duration runTimeout) {
    }

    private final NodeAccess access;
    private final String resource;
    private final String node;
    private final List<String> nodes;
    private final String device;
    private final String confirmedDevice;
    private final Options options;
    private final Probe probe;

    /**
     * @param nodes           the nodes of the resource (the one being repaired among them)
     * @param device          the new device when it is not the configured one (one volume only), or null
     * @param confirmedDevice the path the operator typed to confirm overwriting what the device holds, or null
     */
    public ReplaceDisk(NodeAccess access, String resource, String node, List<String> nodes, String device,
            String confirmedDevice, Options options) {
        this.access = access;
        this.resource = DrbdCommands.resource(resource);
        if (!nodes.contains(node) || nodes.size() < 2) {
            throw new IllegalArgumentException(node + " and at least one other node of " + resource + " are needed");
        }
        this.node = node;
        this.nodes = List.copyOf(nodes);
        this.device = device == null ? null : DrbdCommands.path(device);
        this.confirmedDevice = confirmedDevice;
        this.options = options;
        this.probe = new Probe(access);
    }

    @Override
    public DiskChecks.Result check() throws InterruptedException {
        return DiskChecks.run(probe, resource, node, nodes, device, confirmedDevice);
    }

    @Override
    public List<Step> steps(DiskChecks.Result c) {
        List<Step> out = new ArrayList<>();
        String good = c.good() == null ? "the good node" : c.good();
        out.add(new DiskSteps.Detach(node, resource, good));
        out.add(new DiskSteps.CheckDevices(node, c.devices(), c.forced()));
        if (!c.externalMetadata()) {
            out.add(new DiskSteps.CreateMd(node, resource, good, c.forced(), c.devices()));
        }
        out.add(new DiskSteps.Attach(node, resource, "down".equals(c.state())));
        if (c.externalMetadata()) {
            out.add(new DiskSteps.Invalidate(node, resource, good));
        }
        out.add(new DiskSteps.Resync(node, resource, options.runTimeout()));
        return out;
    }

    @Override
    public String script(DiskChecks.Result c) {
        return PlanScript.of(access, "replace " + node + "'s backing disk of " + resource + " and resync it from "
                + (c.good() == null ? "a good node" : c.good()), " Nothing is written on any node but " + node + ".",
                c, lockNodes(c), List.of(ResourceLock.command(resource, options.holder())), steps(c));
    }

    private List<String> lockNodes(DiskChecks.Result c) {
        return c.good() == null ? List.of(node) : List.of(node, c.good());
    }

    @Override
    public PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed)
            throws InterruptedException {
        return PlanExecutor.audited(access, options.auditFile(), Map.of("kind", "replace-disk", "resource", resource,
                "node", node, "holder", options.holder()), (audit, t0) -> locked(listener, decider, audit, t0,
                (DiskChecks.Result) confirmed));
    }

    private PlanResult locked(PlanListener listener, Decider decider, Audit audit, Instant t0,
            DiskChecks.Result confirmed) throws InterruptedException {
        ResourceLock lock;
        try {
            lock = ResourceLock.acquire(access, confirmed == null ? nodes : lockNodes(confirmed), resource,
                    options.holder());
        } catch (ResourceLock.Refused | SshException e) {
            listener.log(e.getMessage());
            return PlanResult.lockNotTaken(e, resource, elapsed(t0));
        }
        try (lock) {
            DiskChecks.Result c = check();
            c.checks().forEach(k -> audit.event("check", Map.of("id", k.id(), "status", k.status().name(),
                    "reason", k.reason())));
            if (c.blocked()) {
                return PlanResult.blocked(c, audit, elapsed(t0));
            }
            List<String> changes = confirmed == null ? List.of() : new ArrayList<>(c.changesFrom(confirmed));
            if (confirmed != null && !c.good().equals(confirmed.good())) {
                changes.add("the good node is " + c.good() + " now, not " + confirmed.good());
            }
            if (!changes.isEmpty()) {
                return PlanResult.changed(c, changes, audit, elapsed(t0));
            }
            try (Run run = new Run(access, resource, c.good(), node, audit, listener, options.verifyTimeout())) {
                run.hosts(c.goodHost(), c.nodeHost());
                return new PlanExecutor(access, run, List.of(lock), listener, decider, audit, t0, c.checks(),
                        story(run, c)).go(steps(c));
            }
        }
    }

    private PlanStory story(Run run, DiskChecks.Result c) {
        return new PlanStory() {
            @Override
            public String done() {
                return node + "'s new disk under " + resource + " is UpToDate, resynced in full from " + c.good()
                        + ".";
            }

            @Override
            public List<String> state(boolean done) throws InterruptedException {
                Run.Reads r = run.reads();
                return List.of(r.source().describe(c.nodeHost()), r.target().describe(c.goodHost()));
            }

            @Override
            public String restored() {
                return "No metadata was written and no data was changed; " + node + "'s disk is out (Diskless or "
                        + "down) as before.";
            }
        };
    }

    private Duration elapsed(Instant t0) {
        return Duration.between(t0, access.clock().instant());
    }
}
