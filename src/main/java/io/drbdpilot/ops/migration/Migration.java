// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.migration;

import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Audit;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.DualWindow;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ops.plan.PlanExecutor;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.PlanScript;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.role.RoleSteps;
import io.drbdpilot.ops.workload.UserSteps;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ssh.SshException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves a workload (a VM, or filesystems with their services) to the peer, with all its DRBD resources, on the
 * switchover's engine: the same fresh checks, locks, audit, dry run and rollback.
 * <ul>
 * <li><b>Live</b> (a running VM): allow two Primaries at runtime, promote the target beside the source, migrate the
 * VM, confirm where it runs, demote the source, disallow two Primaries. Whatever happens, the window is closed at
 * the end and each resource has one Primary; a failed migration leaves the VM on the source.</li>
 * <li><b>Cold</b>: stop the workload on the source, the verified switchover of each resource, start it on the
 * target, and confirm it runs there.</li>
 * </ul>
 */
public final class Migration implements Operation<MigrationChecks.Result> {

    /** Live (the VM keeps running) or cold (stopped, switched over, started). */
    public enum Mode { LIVE, COLD }

    /**
     * @param dualPrimaryLimit past this, an open dual-primary window is reported loudly
     * @param migrateTimeout   how long a VM's migration may run
     */
    public record Options(Path auditFile, String holder, Duration verifyTimeout, Duration dualPrimaryLimit,
            Duration migrateTimeout) {
        public static Options defaults(Path auditFile, String holder) {
            return new Options(auditFile, holder, Duration.ofSeconds(15), Duration.ofSeconds(60),
                    Duration.ofMinutes(30));
        }
    }

    private final NodeAccess access;
    private final Workload workload;
    private final String target;
    private final Mode mode;
    private final Options options;
    private final Probe probe;

    public Migration(NodeAccess access, List<String> nodes, Workload workload, String target, Mode mode,
            Options options) {
        this.access = access;
        this.workload = workload;
        this.target = target;
        this.mode = mode;
        this.options = options;
        this.probe = new Probe(access);
        if (!nodes.contains(target)) {
            throw new IllegalArgumentException("unknown target node " + target + "; the nodes are " + nodes);
        }
        if (target.equals(workload.node())) {
            throw new IllegalArgumentException(workload.name() + " is on " + target + " already");
        }
        if (mode == Mode.LIVE && !workload.isVm()) {
            throw new IllegalArgumentException(workload.name() + " is a service: services move cold (--cold)");
        }
    }

    public Workload workload() {
        return workload;
    }

    public String target() {
        return target;
    }

    public Mode mode() {
        return mode;
    }

    /** The checks, read fresh, without the locks (the wizard's live page, the dry run). */
    @Override
    public MigrationChecks.Result check() throws InterruptedException {
        return MigrationChecks.run(probe, workload, target, mode);
    }

    /** The plan's steps, in order. */
    @Override
    public List<Step> steps(MigrationChecks.Result c) {
        String s = c.source();
        String t = c.target();
        List<String> res = workload.resources();
        List<Step> steps = new ArrayList<>();
        if (mode == Mode.LIVE) {
            res.forEach(r -> steps.add(new MigrationSteps.DualPrimary(s, t, r, true)));
            res.forEach(r -> steps.add(new MigrationSteps.PromoteBeside(t, r)));
            steps.add(new VmSteps.LiveMove(s, c.sourceHost(), workload.kind(), workload.name(), workload.ref(), t,
                    c.targetHost(), workload.kind() == Workload.Kind.LIBVIRT && !c.definedOnTarget(),
                    options.migrateTimeout(), res));
            res.forEach(r -> steps.add(new RoleSteps.Demote(s, r, true, () -> new MigrationSteps.PromoteBeside(s, r))));
            res.forEach(r -> steps.add(new MigrationSteps.DualPrimary(s, t, r, false)));
            return steps;
        }
        boolean running = workload.running();
        switch (workload.kind()) {
            case LIBVIRT -> {
                if (running) {
                    steps.add(new UserSteps.Vm(s, workload.name(), workload.ref(), false));
                }
                if (!c.definedOnTarget()) {
                    steps.add(new VmSteps.CarryDefinition(s, c.sourceHost(), workload.name(), workload.ref(), t,
                            c.targetHost()));
                }
            }
            case XEN -> steps.add(new UserSteps.XenVm(s, workload.name(), false));
            case SERVICE -> {
                workload.units().forEach(u -> steps.add(new UserSteps.Unit(s, u, false, !c.sourceSystemd())));
                workload.mounts().forEach(m -> steps.add(new UserSteps.Umount(s, m.path(), m.device())));
            }
        }
        res.forEach(r -> steps.add(new RoleSteps.Demote(s, r, true)));
        res.forEach(r -> steps.add(new RoleSteps.Promote(t, r)));
        switch (workload.kind()) {
            case LIBVIRT -> {
                if (running) {
                    steps.add(new UserSteps.Vm(t, workload.name(), workload.ref(), true));
                }
            }
            case XEN -> steps.add(new UserSteps.XenVm(t, workload.name(), true));
            case SERVICE -> {
                workload.mounts().forEach(m -> steps.add(new UserSteps.Mount(t, m.device(), m.path())));
                workload.units().forEach(u -> steps.add(new UserSteps.Unit(t, u, true, !c.targetSystemd())));
            }
        }
        return steps;
    }

    /** The whole plan as a shell script a person can review: the exact commands per node, and the rollback. */
    @Override
    public String script(MigrationChecks.Result c) {
        return PlanScript.of(access, (mode == Mode.LIVE ? "live" : "cold") + " migration of " + workload.describe()
                + " to " + c.target(), mode == Mode.LIVE ? " allow-two-primaries is set at runtime only, and always "
                + "cleared at the end." : "", c, List.of(c.source(), c.target()), workload.resources().stream()
                .map(r -> ResourceLock.command(r, options.holder())).toList(), steps(c));
    }

    /** {@link #execute(PlanListener, Decider, PlanChecks)} with nothing confirmed to compare. */
    public PlanResult execute(PlanListener listener, Decider decider) throws InterruptedException {
        return execute(listener, decider, null);
    }

    /**
     * Locks every resource on both nodes, checks again under the locks, runs the steps, rolls back on failure. Checks
     * under the locks that differ from {@code confirmed} stop it before anything changes (BLOCKED, saying what).
     */
    @Override
    public PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed)
            throws InterruptedException {
        return PlanExecutor.audited(access, options.auditFile(), Map.of("kind", "migration", "mode", mode.name(),
                "workload", workload.describe(), "resources", workload.resources(), "target", target, "holder",
                options.holder()), (audit, t0) -> locked(listener, decider, audit, t0, confirmed));
    }

    private PlanResult locked(PlanListener listener, Decider decider, Audit audit, Instant t0,
            PlanChecks confirmed) throws InterruptedException {
        String source = workload.node();
        List<ResourceLock> locks = new ArrayList<>();
        try {
            for (String r : workload.resources().stream().sorted().toList()) { // one order: no deadlock between admins
                locks.add(ResourceLock.acquire(access, List.of(source, target), r, options.holder()));
            }
        } catch (ResourceLock.Refused | SshException e) {
            locks.forEach(ResourceLock::close);
            listener.log(e.getMessage());
            return PlanResult.lockNotTaken(e, String.join(", ", workload.resources()), Duration.between(t0,
                    access.clock().instant()));
        }
        try {
            for (String n : List.of(source, target)) {
                audit.syslog(n, (mode == Mode.LIVE ? "live" : "cold") + " migration of " + workload.name() + " ("
                        + String.join(",", workload.resources()) + ") from " + source + " to " + target
                        + " started by " + options.holder());
            }
            MigrationChecks.Result c = check();
            c.checks().forEach(k -> audit.event("check", Map.of("id", k.id(), "status", k.status().name(), "reason",
                    k.reason())));
            if (c.blocked()) {
                return PlanResult.blocked(c, audit, Duration.between(t0, access.clock().instant()));
            }
            if (confirmed != null && !c.changesFrom(confirmed).isEmpty()) {
                return PlanResult.changed(c, c.changesFrom(confirmed), audit, Duration.between(t0,
                        access.clock().instant()));
            }
            DualWindow window = mode == Mode.LIVE ? new DualWindow(options.dualPrimaryLimit(), listener) : null;
            try (Run run = new Run(access, workload.resources().get(0), source, target, audit, listener,
                    options.verifyTimeout(), window)) {
                run.hosts(c.sourceHost(), c.targetHost());
                return new PlanExecutor(access, run, locks, listener, decider, audit, t0, c.checks(),
                        new MigrationStory(run, c, window)).go(steps(c));
            }
        } finally {
            locks.forEach(ResourceLock::close);
        }
    }
}
