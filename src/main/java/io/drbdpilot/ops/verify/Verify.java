// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.verify;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.inspect.VerifyLog;
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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Online verify of one connection, on the engine: checks (connected, both UpToDate, a verify-alg), the lock on both
 * nodes, {@code drbdadm verify}, its end watched, the kernel's findings read (ranges, count) and recorded in the
 * history, and optionally what it found resynced from the side the operator names as good.
 */
public final class Verify implements Operation<VerifyChecks.Result> {

    /** @param history where runs are recorded (the state directory's verify-history.jsonl), or null */
    public record Options(Path auditFile, String holder, Duration verifyTimeout, Duration runTimeout, Path history) {
    }

    private final NodeAccess access;
    private final String resource;
    private final String node;
    private final String peer;
    private final String resyncFrom;
    private final Options options;
    private final Probe probe;
    private volatile VerifySteps.Found last;

    /**
     * @param node       where the verify starts
     * @param peer       the peer it verifies against
     * @param resyncFrom the good side for a resync of what is found, or null for none
     */
    public Verify(NodeAccess access, String resource, String node, String peer, String resyncFrom, Options options) {
        this.access = access;
        this.resource = DrbdCommands.resource(resource);
        this.node = node;
        this.peer = peer;
        this.resyncFrom = resyncFrom;
        this.options = options;
        this.probe = new Probe(access);
        if (node.equals(peer)) {
            throw new IllegalArgumentException("a verify needs two nodes, not " + node + " twice");
        }
    }

    @Override
    public VerifyChecks.Result check() throws InterruptedException {
        return VerifyChecks.run(probe, resource, node, peer, resyncFrom);
    }

    private List<Step> steps(VerifyChecks.Result c, VerifySteps.Found found) {
        List<Step> out = new ArrayList<>();
        out.add(new VerifySteps.VerifyRun(node, resource, peer, c.drbd9(), options.runTimeout(), found));
        if (resyncFrom != null) {
            String bad = resyncFrom.equals(node) ? peer : node;
            out.add(new VerifySteps.Resync(resyncFrom, bad, resource, c.drbd9(), options.runTimeout(), found));
        }
        return out;
    }

    @Override
    public List<Step> steps(VerifyChecks.Result c) {
        return steps(c, new VerifySteps.Found());
    }

    @Override
    public String script(VerifyChecks.Result c) {
        return PlanScript.of(access, "verify " + resource + " between " + node + " and " + peer + (resyncFrom == null
                ? "" : ", then resync what it finds from " + resyncFrom), "", c, List.of(node, peer), List.of(
                ResourceLock.command(resource, options.holder())), steps(c));
    }

    /** What the last run found (null before a run reached its end). */
    public VerifyLog.Result lastFound() {
        VerifySteps.Found f = last;
        return f == null ? null : f.log;
    }

    @Override
    public PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed)
            throws InterruptedException {
        return PlanExecutor.audited(access, options.auditFile(), Map.of("kind", "verify", "resource", resource,
                "node", node, "peer", peer, "holder", options.holder()),
                (audit, t0) -> locked(listener, decider, audit, t0, confirmed));
    }

    private PlanResult locked(PlanListener listener, Decider decider, Audit audit, Instant t0, PlanChecks confirmed)
            throws InterruptedException {
        ResourceLock lock;
        try {
            lock = ResourceLock.acquire(access, List.of(node, peer), resource, options.holder());
        } catch (ResourceLock.Refused | SshException e) {
            listener.log(e.getMessage());
            return PlanResult.lockNotTaken(e, resource, elapsed(t0));
        }
        try (lock) {
            VerifyChecks.Result c = check();
            c.checks().forEach(k -> audit.event("check", Map.of("id", k.id(), "status", k.status().name(),
                    "reason", k.reason())));
            if (c.blocked()) {
                return PlanResult.blocked(c, audit, elapsed(t0));
            }
            if (confirmed != null && !c.changesFrom(confirmed).isEmpty()) {
                return PlanResult.changed(c, c.changesFrom(confirmed), audit, elapsed(t0));
            }
            VerifySteps.Found found = new VerifySteps.Found();
            last = found;
            try (Run run = new Run(access, resource, node, peer, audit, listener, options.verifyTimeout())) {
                run.hosts(c.nodeHost(), c.peerHost());
                PlanResult r = new PlanExecutor(access, run, List.of(lock), listener, decider, audit, t0,
                        c.checks(), story(run, c, found)).go(steps(c, found));
                record(found, listener);
                return r;
            }
        }
    }

    private void record(VerifySteps.Found f, PlanListener listener) {
        if (options.history() == null || f.log == null && f.seconds == 0) {
            return;
        }
        List<long[]> ranges = f.log == null ? List.of() : f.log.ranges().stream()
                .map(x -> new long[] {x.startKiB(), x.sizeKiB()}).toList();
        try {
            new VerifyHistory(options.history()).add(new VerifyHistory.Run(resource, node, peer, f.at, f.seconds,
                    f.outOfSyncKiB, ranges));
        } catch (IOException e) {
            listener.log("The verify history could not be written: " + e.getMessage());
        }
    }

    private PlanStory story(Run run, VerifyChecks.Result c, VerifySteps.Found found) {
        return new PlanStory() {
            @Override
            public String done() {
                String what = found.outOfSyncKiB == 0 ? "nothing out of sync" : found.outOfSyncKiB + " KiB out of sync"
                        + (found.log == null || found.log.ranges().isEmpty() ? "" : " in " + found.log.ranges().size()
                        + " range" + (found.log.ranges().size() == 1 ? "" : "s"));
                return "Verified " + resource + " between " + node + " and " + peer + " in " + found.seconds + " s: "
                        + what + (resyncFrom != null && found.outOfSyncKiB > 0 ? "; resynced from " + resyncFrom
                        + ", nothing out of sync now." : found.outOfSyncKiB > 0 ? "; the blocks are marked: resync "
                        + "them with --resync-from NODE." : ".");
            }

            @Override
            public List<String> state(boolean done) throws InterruptedException {
                Run.Reads r = run.reads();
                return List.of(r.source().describe(c.peerHost()), r.target().describe(c.nodeHost()));
            }

            @Override
            public String restored() {
                return "No data was changed.";
            }
        };
    }

    private Duration elapsed(Instant t0) {
        return Duration.between(t0, access.clock().instant());
    }

}
