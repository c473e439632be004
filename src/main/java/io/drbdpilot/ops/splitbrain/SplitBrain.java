// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.splitbrain;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.WorkloadCommands;
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
import io.drbdpilot.ops.role.RoleSteps;
import io.drbdpilot.ops.workload.UserSteps;
import io.drbdpilot.ssh.SshException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolving a split brain: the operator chose the victim (whose changes since the split are thrown away) after
 * seeing each side's evidence. The plan demotes the victim if it is Primary, makes it StandAlone, connects it with
 * {@code --discard-my-data}, connects the survivor and any other StandAlone peer again (on DRBD 9 each disconnects
 * first), and verifies the resync from both sides. Never a {@code --force}, never the survivor's data.
 */
public final class SplitBrain implements Operation<SplitBrainChecks.Result> {

    /**
     * @param resyncTimeout how long the resync to the victim is watched before the plan stops and says it still runs
     */
    public record Options(Path auditFile, String holder, Duration verifyTimeout, Duration resyncTimeout, Save save,
            Stops stops) {
        public Options(Path auditFile, String holder, Duration verifyTimeout, Duration resyncTimeout) {
            this(auditFile, holder, verifyTimeout, resyncTimeout, Save.NONE, Stops.NONE);
        }

        public Options(Path auditFile, String holder, Duration verifyTimeout, Duration resyncTimeout, Save save) {
            this(auditFile, holder, verifyTimeout, resyncTimeout, save, Stops.NONE);
        }
    }

    /**
     * What uses the victim's device and is stopped first, as the operator named it (the switchover's user steps): VMs
     * shut down, units stopped, filesystems unmounted. They are not started again: the victim's data is replaced.
     */
    public record Stops(List<String> vms, List<String> units, List<String> umounts) {
        public static final Stops NONE = new Stops(List.of(), List.of(), List.of());

        public Stops {
            vms = List.copyOf(vms);
            units = List.copyOf(units);
            umounts = List.copyOf(umounts);
            vms.forEach(WorkloadCommands::domain);
            units.forEach(DrbdCommands::unit);
            umounts.forEach(DrbdCommands::path);
        }

        public boolean any() {
            return !vms.isEmpty() || !units.isEmpty() || !umounts.isEmpty();
        }
    }

    /**
     * Saving the victim's data before it is discarded, as the operator asked: a copy of its backing device to a file
     * on the victim ({@code dd}), or an LVM snapshot of it; or neither.
     *
     * @param toPath   a file on the victim for the copy, or null
     * @param snapshot an LVM snapshot of each backing volume
     */
    public record Save(String toPath, boolean snapshot) {
        public static final Save NONE = new Save(null, false);

        public Save {
            if (toPath != null) {
                DrbdCommands.path(toPath);
                if (toPath.startsWith("/dev/") || toPath.startsWith("/proc/") || toPath.startsWith("/sys/")) {
                    throw new IllegalArgumentException("'" + toPath + "' is not a file to save data to");
                }
            }
        }

        public boolean any() {
            return toPath != null || snapshot;
        }
    }

    private final NodeAccess access;
    private final List<String> nodes;
    private final String resource;
    private final String victim;
    private final Options options;
    private final Probe probe;

    /** @param victim the node whose changes are discarded; null reads the evidence only (the plan blocks) */
    public SplitBrain(NodeAccess access, List<String> nodes, String resource, String victim, Options options) {
        this.access = access;
        this.nodes = List.copyOf(nodes);
        this.resource = DrbdCommands.resource(resource);
        this.victim = victim;
        this.options = options;
        this.probe = new Probe(access);
        if (victim != null && !nodes.contains(victim)) {
            throw new IllegalArgumentException("unknown victim node " + victim + "; the nodes are " + nodes);
        }
    }

    public String resource() {
        return resource;
    }

    public String victim() {
        return victim;
    }

    @Override
    public SplitBrainChecks.Result check() throws InterruptedException {
        return SplitBrainChecks.run(probe, nodes, resource, victim, options.save(), options.stops());
    }

    @Override
    public List<Step> steps(SplitBrainChecks.Result c) {
        List<Step> out = new ArrayList<>();
        if (c.victim() == null || c.survivor() == null) {
            return out;
        }
        Evidence v = c.side(c.victim());
        Evidence s = c.side(c.survivor());
        Stops stops = options.stops();
        stops.vms().forEach(vm -> out.add(SplitBrainSteps.kept(new UserSteps.Vm(c.victim(), vm, false))));
        stops.units().forEach(u -> out.add(SplitBrainSteps.kept(new UserSteps.Unit(c.victim(), u, false))));
        for (String path : stops.umounts()) {
            String device = v.users() == null ? null : v.users().mounts().stream().filter(m -> m.path().equals(path))
                    .map(Probe.Mount::device).findFirst().orElse(null);
            if (device == null && !v.read().devices().isEmpty()) {
                device = "/dev/drbd" + v.read().devices().get(0).minor();
            }
            out.add(SplitBrainSteps.kept(new UserSteps.Umount(c.victim(), path, device)));
        }
        if (v.read().role() == Role.PRIMARY) {
            out.add(new RoleSteps.Demote(c.victim(), resource, false));
        }
        if (options.save().toPath() != null) {
            out.add(new SaveSteps.SaveCopy(c.victim(), resource, v.backing(), options.save().toPath()));
        }
        if (options.save().snapshot()) {
            out.add(new SaveSteps.Snapshot(c.victim(), resource, v.logicalVolumes(),
                    access.clock().instant().getEpochSecond()));
        }
        out.add(new SplitBrainSteps.Isolate(c.victim(), resource, s.host()));
        out.add(new SplitBrainSteps.DiscardAndConnect(c.victim(), resource, c.survivor(), s.host()));
        out.add(new SplitBrainSteps.Reconnect(c.survivor(), resource, s.host(), v.host(), c.drbd9()));
        for (String other : c.reconnect()) {
            Evidence o = c.side(other);
            out.add(new SplitBrainSteps.Reconnect(other, resource, o.host(), s.host(), c.drbd9()));
        }
        out.add(new SplitBrainSteps.AwaitResync(c.victim(), resource, c.survivor(), s.host(), v.host(),
                options.resyncTimeout()));
        return out;
    }

    @Override
    public String script(SplitBrainChecks.Result c) {
        return PlanScript.of(access, "resolve the split brain of " + resource + " by discarding " + c.victim()
                + "'s changes and keeping " + c.survivor() + "'s", "", c, lockNodes(c), List.of(
                ResourceLock.command(resource, options.holder())), steps(c));
    }

    private static List<String> lockNodes(SplitBrainChecks.Result c) {
        List<String> out = new ArrayList<>();
        if (c.survivor() != null) {
            out.add(c.survivor());
        }
        if (c.victim() != null) {
            out.add(c.victim());
        }
        out.addAll(c.reconnect());
        return out;
    }

    @Override
    public PlanResult execute(PlanListener listener, Decider decider, PlanChecks confirmed)
            throws InterruptedException {
        return PlanExecutor.audited(access, options.auditFile(), Map.of("kind", "split-brain", "resource", resource,
                "victim", String.valueOf(victim), "holder", options.holder()),
                (audit, t0) -> locked(listener, decider, audit, t0, confirmed));
    }

    private PlanResult locked(PlanListener listener, Decider decider, Audit audit, Instant t0,
            PlanChecks confirmed) throws InterruptedException {
        if (victim == null) {
            SplitBrainChecks.Result c = check();
            return blocked(c, t0, audit);
        }
        ResourceLock lock;
        // the nodes the plan may touch, from the checks the operator confirmed; read only when there are none
        List<String> lockOn = lockNodes(confirmed instanceof SplitBrainChecks.Result r ? r : check());
        if (!lockOn.contains(victim)) {
            lockOn.add(victim);
        }
        try {
            lock = ResourceLock.acquire(access, lockOn, resource, options.holder());
        } catch (ResourceLock.Refused | SshException e) {
            listener.log(e.getMessage());
            return PlanResult.lockNotTaken(e, resource, elapsed(t0));
        }
        try (lock) {
            SplitBrainChecks.Result c = check();
            c.checks().forEach(k -> audit.event("check", Map.of("id", k.id(), "status", k.status().name(),
                    "reason", k.reason())));
            if (c.blocked()) {
                return blocked(c, t0, audit);
            }
            if (confirmed != null && !c.changesFrom(confirmed).isEmpty()) {
                return PlanResult.changed(c, c.changesFrom(confirmed), audit, elapsed(t0));
            }
            for (String n : lockNodes(c)) {
                audit.syslog(n, "split-brain resolution of " + resource + " (victim " + victim + ") started by "
                        + options.holder());
            }
            try (Run run = new Run(access, resource, c.survivor(), victim, audit, listener,
                    options.verifyTimeout())) {
                run.hosts(c.side(c.survivor()).host(), c.side(victim).host());
                List<Step> steps = steps(c);
                return new PlanExecutor(access, run, List.of(lock), listener, decider, audit, t0, c.checks(),
                        story(run, c)).go(steps);
            }
        }
    }

    private PlanResult blocked(SplitBrainChecks.Result c, Instant t0, Audit audit) {
        return PlanResult.blocked(c, audit, elapsed(t0));
    }

    private PlanStory story(Run run, SplitBrainChecks.Result c) {
        return new PlanStory() {
            @Override
            public String done() {
                return "Resolved: " + victim + " discarded its changes and resynced from " + c.survivor() + "; both "
                        + "are UpToDate and Connected, nothing out of sync.";
            }

            @Override
            public List<String> state(boolean done) throws InterruptedException {
                Run.Reads r = run.reads();
                return List.of(r.source().describe(c.side(victim).host()), r.target().describe(
                        c.side(c.survivor()).host()));
            }

            @Override
            public String restored() {
                return victim + " was left Secondary and StandAlone: its data is untouched, nothing was discarded"
                        + (options.stops().any() ? "; what it stopped stays stopped" : "") + ".";
            }
        };
    }

    private Duration elapsed(Instant t0) {
        return Duration.between(t0, access.clock().instant());
    }
}
