// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.resync;

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
import io.drbdpilot.ops.resync.ResyncChecks.Kind;
import io.drbdpilot.ssh.SshException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Resync control on the engine: pause, resume, a temporary rate on the SyncTarget, or its reset. A rate is by default
 * followed to the end of the resync and then reset with {@code drbdadm adjust} (so it is never left behind: the reset
 * is a cleanup step that also runs when the plan fails or is aborted); with {@code leave} it stays until a reset.
 * The configuration files are never edited.
 */
public final class ResyncControl implements Operation<ResyncChecks.Result> {

    /**
     * @param leave a rate stays after the plan (until {@code resync RES reset}) instead of being followed and reset
     */
    public record Options(Path auditFile, String holder, Duration verifyTimeout, Duration runTimeout,
            boolean leave) {
    }

    private final NodeAccess access;
    private final String resource;
    private final List<String> nodes;
    private final Kind kind;
    private final long rateKiB;
    private final String prefer;
    private final Options options;
    private final Probe probe;

    /**
     * @param nodes   the nodes of the resource with a disk
     * @param rateKiB the temporary rate for {@link Kind#RATE}, KiB/s
     * @param prefer  the node to act on (the SyncTarget), or null to find it
     */
    public ResyncControl(NodeAccess access, String resource, List<String> nodes, Kind kind, long rateKiB,
            String prefer, Options options) {
        this.access = access;
        this.resource = DrbdCommands.resource(resource);
        this.nodes = List.copyOf(nodes);
        this.kind = kind;
        this.rateKiB = rateKiB;
        this.prefer = prefer;
        this.options = options;
        this.probe = new Probe(access);
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("a resync needs two nodes of " + resource);
        }
        if (kind == Kind.RATE && (rateKiB < 1 || rateKiB > DrbdCommands.MAX_RATE_KIB)) {
            throw new IllegalArgumentException("a resync rate is 1 KiB/s to 4 GiB/s");
        }
    }

    /** A rate as an operator writes it ({@code 100M}, {@code 4096k}, {@code 2G}; plain numbers are KiB/s). */
    public static long parseRate(String text) {
        Long k = ResyncReport.kib(text);
        if (k == null || k < 1 || k > DrbdCommands.MAX_RATE_KIB) {
            throw new IllegalArgumentException("'" + text + "' is not a resync rate: write it as 100M, 4096k or 2G "
                    + "(per second), 1k to 4G");
        }
        return k;
    }

    @Override
    public ResyncChecks.Result check() throws InterruptedException {
        return ResyncChecks.run(probe, resource, nodes, kind, rateKiB, prefer);
    }

    @Override
    public List<Step> steps(ResyncChecks.Result c) {
        List<Step> out = new ArrayList<>();
        Duration t = options.verifyTimeout();
        for (String n : c.actOn()) {
            switch (kind) {
                case PAUSE -> out.add(new ResyncSteps.Pause(n, resource, t));
                case RESUME -> out.add(new ResyncSteps.Resume(n, resource, t));
                case RATE -> out.add(new ResyncSteps.SetRate(n, resource, rateKiB, c.drbd9(), t, peerOf(c, n)));
                case RESET -> out.add(new ResyncSteps.Reset(n, resource, t, true));
                default -> throw new IllegalStateException();
            }
        }
        if (kind == Kind.RATE && !options.leave()) {
            for (String n : c.actOn()) {
                out.add(new ResyncSteps.Follow(n, resource, options.runTimeout()));
            }
            for (String n : c.actOn()) { // 8.4 runs the SyncTarget's rate on its peer too: both are reset
                out.add(new ResyncSteps.Reset(n, resource, t, false, peerOf(c, n)));
            }
        }
        return out;
    }

    private static String peerOf(ResyncChecks.Result c, String n) {
        return c.peer() == null || c.peer().equals(n) ? null : c.peer();
    }

    @Override
    public String script(ResyncChecks.Result c) {
        return PlanScript.of(access, what(c), kind == Kind.RATE ? " The rate is runtime only; the files are never "
                + "edited." : "", c, lockNodes(c), List.of(ResourceLock.command(resource, options.holder())),
                steps(c));
    }

    private String what(ResyncChecks.Result c) {
        String on = c.actOn().isEmpty() ? "" : " on " + String.join(", ", c.actOn());
        return switch (kind) {
            case PAUSE -> "pause the resync of " + resource + on;
            case RESUME -> "resume the resync of " + resource + on;
            case RATE -> "run the resync of " + resource + on + " at " + ResyncReport.rate(rateKiB) + (options.leave()
                    ? " until reset" : ", follow it to its end and reset the rate");
            case RESET -> "reset the resync rate of " + resource + on + " to the configuration's";
        };
    }

    private List<String> lockNodes(ResyncChecks.Result c) {
        List<String> out = new ArrayList<>(c.actOn());
        if (c.peer() != null && !out.contains(c.peer())) {
            out.add(c.peer());
        }
        return out.isEmpty() ? List.of(nodes.get(0), nodes.get(1)) : out;
    }

    @Override
    public PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed)
            throws InterruptedException {
        return PlanExecutor.audited(access, options.auditFile(), Map.of("kind", "resync-" + kind.name()
                .toLowerCase(java.util.Locale.ROOT), "resource", resource, "holder", options.holder()),
                (audit, t0) -> locked(listener, decider, audit, t0, (ResyncChecks.Result) confirmed));
    }

    private PlanResult locked(PlanListener listener, Decider decider, Audit audit, Instant t0,
            ResyncChecks.Result confirmed) throws InterruptedException {
        List<String> lockOn = confirmed != null ? lockNodes(confirmed) : List.of(nodes.get(0), nodes.get(1));
        ResourceLock lock;
        try {
            lock = ResourceLock.acquire(access, lockOn, resource, options.holder());
        } catch (ResourceLock.Refused | SshException e) {
            listener.log(e.getMessage());
            return PlanResult.lockNotTaken(e, resource, elapsed(t0));
        }
        try (lock) {
            ResyncChecks.Result c = check();
            c.checks().forEach(k -> audit.event("check", Map.of("id", k.id(), "status", k.status().name(),
                    "reason", k.reason())));
            if (c.blocked()) {
                return PlanResult.blocked(c, audit, elapsed(t0));
            }
            if (confirmed != null) {
                // a reset acts on the same nodes in another order once the resync has ended meanwhile (the
                // SyncTarget first only matters while it runs): that is no change; for the rest the order is the plan
                boolean sameNodes = kind == Kind.RESET ? new HashSet<>(c.actOn()).equals(
                        new HashSet<>(confirmed.actOn())) : c.actOn().equals(confirmed.actOn());
                List<String> changes = new ArrayList<>(c.changesFrom(confirmed));
                if (kind == Kind.RESET && sameNodes) {
                    changes.removeIf(x -> x.startsWith("the source is "));
                }
                if (!sameNodes) {
                    changes.add("it would act on " + c.actOn() + ", not " + confirmed.actOn());
                }
                if (!changes.isEmpty()) {
                    return PlanResult.changed(c, changes, audit, elapsed(t0));
                }
            }
            String a = c.actOn().get(0);
            String b = c.peer() == null || c.peer().equals(a) ? nodes.stream().filter(n -> !n.equals(a)).findFirst()
                    .orElseThrow() : c.peer();
            try (Run run = new Run(access, resource, b, a, audit, listener, options.verifyTimeout())) {
                try {
                    run.hosts(probe.hostName(b), probe.hostName(a));
                } catch (SshException e) {
                    return PlanResult.lockNotTaken(e, resource, elapsed(t0));
                }
                return new PlanExecutor(access, run, List.of(lock), listener, decider, audit, t0, c.checks(),
                        story(run, c)).go(steps(c));
            }
        }
    }

    private PlanStory story(Run run, ResyncChecks.Result c) {
        return new PlanStory() {
            @Override
            public String done() {
                return switch (kind) {
                    case PAUSE -> "Paused the resync of " + resource + " on " + String.join(", ", c.actOn())
                            + "; resume it with drbd-pilot resync " + resource + " resume.";
                    case RESUME -> "Resumed the resync of " + resource + " on " + String.join(", ", c.actOn()) + ".";
                    case RATE -> options.leave() ? "The resync of " + resource + " runs at " + ResyncReport.rate(rateKiB)
                            + " on " + String.join(", ", c.actOn()) + " until drbd-pilot resync " + resource
                            + " reset (or drbdadm adjust " + resource + ")." : "The resync of " + resource + " ended at "
                            + ResyncReport.rate(rateKiB) + "; the configured rate runs again.";
                    case RESET -> "The configured resync rate runs again on " + String.join(", ", c.actOn()) + ".";
                };
            }

            @Override
            public List<String> state(boolean done) throws InterruptedException {
                ResyncReport r = ResyncReport.read(probe, resource, List.of(run.source(), run.target()));
                return r.describe().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            }

            @Override
            public String restored() {
                return kind == Kind.RATE ? "The configured resync rate runs again." : "Nothing else was changed.";
            }
        };
    }

    private Duration elapsed(Instant t0) {
        return Duration.between(t0, access.clock().instant());
    }
}
