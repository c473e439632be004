// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.config;

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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grows a resource after the operator grew its backing devices on every node: the checks show each node's sizes and
 * wait until all are larger, then {@code drbdadm resize RES} on one node (the Primary), the new size confirmed on
 * every node and the new area resynced, then (when asked) the filesystem grown online on the Primary. Nothing shrinks,
 * and {@code --assume-clean} only when the operator says the new space is clean.
 */
public final class Resize implements Operation<ResizeChecks.Result> {

    /**
     * @param resyncTimeout how long the resync of the new area may take before the operator is handed it
     */
    public record Options(Path auditFile, String holder, Duration verifyTimeout, Duration resyncTimeout) {
        public static Options defaults(Path auditFile, String holder) {
            return new Options(auditFile, holder, Duration.ofSeconds(30), Duration.ofHours(2));
        }
    }

    private final NodeAccess access;
    private final String resource;
    private final List<String> nodes;
    private final boolean growFs;
    private final boolean assumeClean;
    private final Options options;
    private final Probe probe;

    public Resize(NodeAccess access, String resource, List<String> nodes, boolean growFs, boolean assumeClean,
            Options options) {
        this.access = access;
        this.resource = DrbdCommands.resource(resource);
        this.nodes = List.copyOf(nodes);
        this.growFs = growFs;
        this.assumeClean = assumeClean;
        this.options = options;
        this.probe = new Probe(access);
        if (nodes.size() < 2) {
            throw new IllegalArgumentException(resource + " needs two nodes or more to be resized here; its nodes are "
                    + nodes);
        }
    }

    @Override
    public ResizeChecks.Result check() throws InterruptedException {
        return ResizeChecks.run(probe, resource, nodes, growFs, assumeClean);
    }

    @Override
    public List<Step> steps(ResizeChecks.Result c) {
        List<Step> out = new ArrayList<>();
        if (c.on() == null) {
            return out;
        }
        Map<String, String> hosts = new LinkedHashMap<>();
        c.reads().forEach((n, r) -> hosts.put(n, r.host()));
        out.add(new ResizeSteps.Grow(c.on(), resource, hosts, c.oldBytes(), c.assumeClean(),
                options.verifyTimeout(), options.resyncTimeout()));
        c.grow().forEach(fs -> out.add(new ResizeSteps.GrowFs(c.on(), fs)));
        return out;
    }

    @Override
    public String script(ResizeChecks.Result c) {
        return PlanScript.of(access, "grow " + resource + " to its backing devices' new size" + (c.grow().isEmpty()
                ? "" : ", then its filesystem"), " Nothing shrinks; there is nothing to roll back.", c, nodes,
                List.of(ResourceLock.command(resource, options.holder())), steps(c));
    }

    @Override
    public PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed)
            throws InterruptedException {
        return PlanExecutor.audited(access, options.auditFile(), Map.of("kind", "resize", "resource", resource,
                "growFs", growFs, "assumeClean", assumeClean, "holder", options.holder()), (audit, t0) -> locked(
                listener, decider, audit, t0, (ResizeChecks.Result) confirmed));
    }

    private PlanResult locked(PlanListener listener, Decider decider, Audit audit, Instant t0,
            ResizeChecks.Result confirmed) throws InterruptedException {
        return LockedPlan.run(access, nodes, resource, options.holder(), listener, audit, t0, this::check, confirmed,
                c -> confirmed == null || c.newBytes().equals(confirmed.newBytes()) ? List.of() : List.of("it would "
                        + "now grow to " + c.newBytes() + " bytes per volume, not " + confirmed.newBytes()),
                (c, lock) -> {
                    String other = nodes.stream().filter(n -> !n.equals(c.on())).findFirst().orElseThrow();
                    try (Run run = new Run(access, resource, c.on(), other, audit, listener,
                            options.verifyTimeout())) {
                        run.hosts(c.reads().get(c.on()).host(), c.reads().get(other).host());
                        return new PlanExecutor(access, run, List.of(lock), listener, decider, audit, t0, c.checks(),
                                story(c)).go(steps(c));
                    }
                });
    }

    private PlanStory story(ResizeChecks.Result c) {
        return new PlanStory() {
            @Override
            public String done() {
                List<String> sizes = new ArrayList<>();
                c.oldBytes().forEach((v, b) -> sizes.add("volume " + v + " " + ResizeChecks.human(b) + " → "
                        + ResizeChecks.human(now(v))));
                return resource + " has grown on " + String.join(", ", nodes) + " (" + String.join("; ", sizes) + ")"
                        + ", UpToDate everywhere" + (c.grow().isEmpty() ? "." : "; the filesystem on " + String.join(
                        ", ", c.grow().stream().map(ResizeChecks.Filesystem::mountPoint).toList()) + " grew with it.");
            }

            private Long now(int volume) {
                try {
                    String dev = c.volumes().get(c.on()).stream().filter(x -> x.volume() == volume).findFirst()
                            .map(ResizeChecks.Volume::device).orElse(null);
                    return dev == null ? null : ResizeChecks.drbdSize(probe, c.on(), dev);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                } catch (RuntimeException e) {
                    return null; // the summary says "?"; the state lines read again
                }
            }

            @Override
            public List<String> state(boolean done) throws InterruptedException {
                List<String> out = new ArrayList<>();
                for (String n : nodes) {
                    NodeRead r = probe.read(n, c.reads().get(n).host(), resource);
                    String peer = c.reads().values().stream().filter(o -> !o.node().equals(n)).map(NodeRead::host)
                            .findFirst().orElse(n);
                    List<String> sizes = new ArrayList<>();
                    for (ResizeChecks.Volume v : c.volumes().getOrDefault(n, List.of())) {
                        sizes.add(ResizeChecks.human(ResizeChecks.drbdSize(probe, n, v.device())));
                    }
                    out.add(resource + ": " + r.describe(peer) + "; size " + String.join(", ", sizes));
                }
                return out;
            }

            @Override
            public String restored() {
                return "Nothing was resized: " + resource + " keeps its size.";
            }
        };
    }

}
