// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import io.drbdpilot.drbd.model.GenerationIds;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.config.Adjust;
import io.drbdpilot.ops.config.Resize;
import io.drbdpilot.ops.disk.ReplaceDisk;
import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.migration.MigrationTest;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.plan.StepRecord;
import io.drbdpilot.ops.quorum.ForceSecondary;
import io.drbdpilot.ops.reactor.Evict;
import io.drbdpilot.ops.resync.ResyncChecks;
import io.drbdpilot.ops.resync.ResyncControl;
import io.drbdpilot.ops.switchover.Switchover;
import io.drbdpilot.ops.switchover.SwitchoverRequest;
import io.drbdpilot.ops.splitbrain.SplitBrain;
import io.drbdpilot.ops.switchover.SwitchoverTest;
import io.drbdpilot.ops.verify.Verify;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimScenarios;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimResourceSpec;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.sim.SimVersion;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One seeded run of the randomized fault campaign: a plan on the simulator with the fake clock, one to three faults at
 * random instants (before or after any command a step sends, or at a step's start: inside steps, not only between
 * them), and the safety invariants checked after every simulated event and at the end. The same seed makes the same
 * faults at the same instants ({@code -Dcampaign.seed=N} replays one).
 */
final class FaultCampaign {

    /** The plans under test. */
    enum Scenario { SWITCHOVER_84, SWITCHOVER_9, LIVE_MIGRATION, SPLIT_BRAIN_84, VERIFY_84, RESYNC_RATE_84,
        REPLACE_DISK_84, ADJUST_84, RESIZE_84, FORCE_SECONDARY_9, REACTOR_EVICT_9 }

    /** What can go wrong. */
    enum Fault {
        LINK_CUT, LINK_HEAL, TARGET_CRASH, SOURCE_CRASH, SSH_DROP, SSH_DROP_LOCK_KEPT, LATENCY_SPIKE,
        TRANSIENT_REFUSAL, DEVICE_OPENED, SECOND_ADMIN, READ_FAILS, INTERRUPTED, STEP_EXCEPTION
    }

    /** A fault and when it strikes: at the {@code at}-th step event (a step start, a command sent or answered). */
    record Strike(Fault fault, int at, String node) {
        @Override
        public String toString() {
            return fault + "@" + at + (node == null ? "" : "(" + node + ")");
        }
    }

    /** How a run ended. */
    record Report(long seed, Scenario scenario, List<Strike> strikes, Outcome outcome, List<String> violations,
            boolean hung, String message) {
        boolean ok() {
            return violations.isEmpty() && !hung;
        }

        @Override
        public String toString() {
            return "seed " + seed + " " + scenario + " " + strikes + " → " + (hung ? "HUNG" : outcome) + " "
                    + violations + (ok() ? "" : "\n  " + message + "\n  replay: ./mvnw test -Dtest=FaultCampaignTest "
                    + "-Dcampaign.seed=" + seed);
        }
    }

    /** Longest a run may take (real time); a run still going then is a hang. */
    static final Duration REAL_LIMIT = Duration.ofSeconds(30);
    /** Longest a run may take in simulated time. */
    static final Duration SIM_LIMIT = Duration.ofMinutes(60);

    private final long seed;
    private final Scenario scenario;
    private final Random rnd;
    private final SimCluster c;
    private final SimAccess a;
    private final String source = "alpha";
    private final String target = "beta";
    private final List<String> resources;
    private final List<Strike> strikes = new ArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicBoolean abort = new AtomicBoolean();
    private final AtomicInteger readFailures = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicBoolean throwNext = new AtomicBoolean();
    private final List<PlanResult> secondAdmin = new CopyOnWriteArrayList<>();
    private volatile boolean inWindowAllowed;

    FaultCampaign(long seed, Scenario scenario) {
        this.seed = seed;
        this.scenario = scenario;
        // consecutive seeds give java.util.Random correlated first draws: mix the seed first
        this.rnd = new Random(new SplittableRandom(seed).nextLong());
        this.c = switch (scenario) {
            case SWITCHOVER_84 -> SwitchoverTest.lab();
            case SWITCHOVER_9 -> drbd9();
            case LIVE_MIGRATION -> MigrationTest.twoDisks();
            case SPLIT_BRAIN_84 -> splitBrain();
            case VERIFY_84 -> verify();
            case RESYNC_RATE_84 -> resyncRate();
            case REPLACE_DISK_84 -> replaceDisk();
            case ADJUST_84 -> adjust();
            case RESIZE_84 -> resize();
            case FORCE_SECONDARY_9 -> lostQuorum();
            case REACTOR_EVICT_9 -> reactor();
        };
        this.resources = scenario == Scenario.LIVE_MIGRATION ? List.of("r0", "r1") : List.of("r0");
        this.a = new SimAccess(c);
        this.inWindowAllowed = scenario == Scenario.LIVE_MIGRATION;
    }

    /** The lab's r0 in split brain: alpha (kept) Primary wrote 2 MiB, beta (the victim) wrote 1 MiB apart. */
    static SimCluster splitBrain() {
        SimCluster c = SimClusters.lab84(false);
        SimScenarios.splitBrain(c, "r0", "beta", "alpha", 1024, 2048, false);
        return c;
    }

    /** The lab's r0 with a verify-alg at runtime and 64 KiB of beta's data changed behind DRBD's back. */
    static SimCluster verify() {
        SimCluster c = SimClusters.lab84(false);
        for (String n : List.of("alpha", "beta")) {
            new SimShell(c, n, "root").run("drbdadm net-options --verify-alg=sha1 r0");
        }
        c.hosts().corrupt("r0", "beta", 0, 4096, 64);
        return c;
    }

    /** The lab's r0 resyncing in full from alpha to beta at 1 MiB/s (a temporary rate set on beta by hand). */
    static SimCluster resyncRate() {
        SimCluster c = SimClusters.lab84(false);
        new SimShell(c, "beta", "root").run("drbdadm disk-options --c-plan-ahead=0 --resync-rate=1M r0");
        new SimShell(c, "alpha", "root").run("drbdadm invalidate-remote r0");
        return c;
    }

    /** The lab's r0 with beta's disk failed (detached after an I/O error) and swapped for a blank one. */
    static SimCluster replaceDisk() {
        SimCluster c = SimClusters.lab84(false);
        c.failDisk("beta", "r0");
        c.swapDisk("beta", "r0");
        return c;
    }

    /** The lab's r0, Primary on alpha, with a new resync-rate and a verify-alg in both nodes' files. */
    static SimCluster adjust() {
        SimCluster c = SimClusters.lab84(false);
        for (String n : List.of("alpha", "beta")) {
            c.editFile(n, "r0", s -> s.withOptions(s.protocol(), s.allowTwoPrimaries(), 60 * 1024, "sha1"));
        }
        return c;
    }

    /** The lab's r0 (128 MiB, Primary on alpha) with ext4 mounted on alpha, both backing devices grown to 192 MiB. */
    static SimCluster resize() {
        SimCluster c = SimClusters.lab84(false);
        new SimShell(c, "alpha", "root").run("mount /dev/drbd0 /mnt/r0");
        for (String n : List.of("alpha", "beta")) {
            c.growBacking(n, "r0", 0, 192L << 20);
        }
        return c;
    }

    /**
     * The DRBD 9 mesh with alpha (Primary, a writer, /mnt/r0 mounted) cut off from beta and gamma: it lost quorum, and
     * its I/O is suspended.
     */
    static SimCluster lostQuorum() {
        SimCluster c = drbd9();
        new SimShell(c, "alpha", "root").run("mount /dev/drbd1000 /mnt/r0");
        c.cut("alpha", "beta");
        c.cut("alpha", "gamma");
        return c;
    }

    /** The DRBD 9 mesh with drbd-reactor's promoter on r0 (prefers alpha, then beta), running app-r0 on alpha. */
    static SimCluster reactor() {
        SimCluster c = drbd9();
        c.hosts().reactor("r0", List.of("alpha", "beta"), List.of("app-r0.service"));
        return c;
    }

    /** r0's DRBD size on a node (sysfs), or -1 when it cannot be read. */
    private long drbdBytes(String node) {
        String s = new SimShell(c, node, "root").run("cat /sys/block/drbd0/size").stdout().strip();
        return s.isEmpty() ? -1 : Long.parseLong(s) * 512;
    }

    private long fsBytes() {
        List<String> l = new SimShell(c, source, "root").run("df -B1 --output=size /mnt/r0").stdout().lines().toList();
        return l.size() == 2 ? Long.parseLong(l.get(1).strip()) : -1;
    }

    /** The survivor's data generation when the plan starts: whatever happens, it is never discarded. */
    private String survivorGeneration;

    private String generation(String node) {
        String gi = new SimShell(c, node, "root").run("drbdadm get-gi r0").stdout();
        return gi.isBlank() ? "" : gi.split(":")[0];
    }

    /** Three DRBD 9 nodes with quorum, r0 Primary on alpha, a writer on it. */
    static SimCluster drbd9() {
        SimCluster c = new SimCluster(SimVersion.V9, List.of("alpha", "beta", "gamma"), List.of(
                new SimResourceSpec("r0", List.of("alpha", "beta", "gamma"), List.of(), List.of(1000),
                        List.of(1_048_576L), 7000, 'C', false, 40 * 1024, null, "majority")));
        c.promote("alpha", "r0", false);
        c.startWriter("alpha", "r0", 200);
        return c;
    }

    Report run() throws Exception {
        int n = 1 + rnd.nextInt(3);
        int horizon = scenario == Scenario.LIVE_MIGRATION ? 90 : 60;
        for (int i = 0; i < n; i++) {
            Fault f = Fault.values()[rnd.nextInt(Fault.values().length)];
            String node = switch (f) {
                case SSH_DROP, SSH_DROP_LOCK_KEPT, LATENCY_SPIKE, READ_FAILS, TRANSIENT_REFUSAL ->
                        rnd.nextBoolean() ? source : target;
                default -> null;
            };
            strikes.add(new Strike(f, rnd.nextInt(horizon), node));
        }
        for (String r : resources) {
            for (String node : c.nodes()) {
                roles.put(node + "/" + r, SimState.role(c, node, r));
            }
        }
        c.onChange((res, node) -> check("event " + res + "@" + node));
        a.interceptor = this::intercept;
        a.failing = this::failing;
        PlanListener listener = new PlanListener() {
            @Override
            public void stepStarted(StepRecord s) {
                tick();
            }

            @Override
            public void command(String node, RemoteCommand cmd, CommandResult r) {
                tick();
            }

            @Override
            public boolean abortRequested() {
                return abort.get();
            }
        };
        Outcome outcome = null;
        String message = "";
        boolean hung = false;
        ExecutorService ex = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().factory());
        try {
            Future<PlanResult> f = ex.submit(() -> plan().execute(listener, Decider.ABORT));
            try {
                PlanResult r = f.get(REAL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                outcome = r.outcome();
                message = r.message() + " " + r.manual() + "\n  steps: " + r.steps().stream().map(x -> x.status()
                        + (x.rollback() ? " (rollback) " : " ") + x.title() + (x.message().isEmpty() ? ""
                        : " [" + x.message() + "]")).toList();
                end(r);
            } catch (TimeoutException e) {
                hung = true;
                f.cancel(true);
            }
        } finally {
            ex.shutdownNow();
        }
        return new Report(seed, scenario, strikes, outcome, violations, hung, message);
    }

    private Planned plan() throws InterruptedException {
        if (scenario == Scenario.LIVE_MIGRATION) {
            Migration m = new Migration(a, c.nodes(), MigrationTest.found(c, "db"), target, Migration.Mode.LIVE,
                    Migration.Options.defaults(null, "alice@ws1"));
            return m::execute;
        }
        if (scenario == Scenario.VERIFY_84) {
            Verify v = new Verify(a, "r0", source, target, source, new Verify.Options(null, "alice@ws1",
                    Duration.ofSeconds(15), Duration.ofMinutes(30), null));
            return (l, d) -> v.execute(l, d, null);
        }
        if (scenario == Scenario.RESYNC_RATE_84) {
            ResyncControl rc = new ResyncControl(a, "r0", c.nodes(), ResyncChecks.Kind.RATE, 8192, null,
                    new ResyncControl.Options(null, "alice@ws1", Duration.ofSeconds(15), Duration.ofMinutes(30),
                            false));
            return (l, d) -> rc.execute(l, d, rc.check());
        }
        if (scenario == Scenario.REPLACE_DISK_84) {
            ReplaceDisk rd = new ReplaceDisk(a, "r0", target, c.nodes(), null, null, new ReplaceDisk.Options(null,
                    "alice@ws1", Duration.ofSeconds(15), Duration.ofMinutes(30)));
            return (l, d) -> rd.execute(l, d, rd.check());
        }
        if (scenario == Scenario.ADJUST_84) {
            Adjust ad = new Adjust(a, "r0", c.nodes(), null, new Adjust.Options(null, "alice@ws1",
                    Duration.ofSeconds(15)));
            return (l, d) -> ad.execute(l, d, ad.check());
        }
        if (scenario == Scenario.FORCE_SECONDARY_9) {
            ForceSecondary fs = new ForceSecondary(a, "r0", source, c.nodes(), target, new ForceSecondary.Options(
                    null, "alice@ws1", Duration.ofSeconds(15)));
            return (l, d) -> fs.execute(l, d, fs.check());
        }
        if (scenario == Scenario.REACTOR_EVICT_9) {
            Evict ev = Evict.evict(a, "r0", c.nodes(), rnd.nextBoolean(), new Evict.Options(null, "alice@ws1",
                    Duration.ofSeconds(20), Duration.ofSeconds(15)));
            return (l, d) -> ev.execute(l, d, ev.check());
        }
        if (scenario == Scenario.RESIZE_84) {
            Resize rz = new Resize(a, "r0", c.nodes(), true, false, new Resize.Options(null, "alice@ws1",
                    Duration.ofSeconds(15), Duration.ofMinutes(30)));
            return (l, d) -> rz.execute(l, d, rz.check());
        }
        if (scenario == Scenario.SPLIT_BRAIN_84) {
            survivorGeneration = generation(source);
            SplitBrain sb = new SplitBrain(a, c.nodes(), "r0", target, new SplitBrain.Options(null, "alice@ws1",
                    Duration.ofSeconds(15), Duration.ofMinutes(30)));
            return (l, d) -> sb.execute(l, d, null);
        }
        SwitchoverRequest req = scenario == Scenario.SWITCHOVER_84 ? SwitchoverTest.withFs(target)
                : SwitchoverRequest.of("r0", target);
        Switchover sw = new Switchover(a, c.nodes(), req, Switchover.Options.defaults(null, "alice@ws1"));
        return sw::execute;
    }

    @FunctionalInterface
    private interface Planned {
        PlanResult execute(PlanListener l, Decider d) throws InterruptedException;
    }

    /** One more step event: the faults due now strike, in the engine's own thread. */
    private void tick() {
        int now = events.getAndIncrement();
        for (Strike s : strikes) {
            if (s.at() == now) {
                strike(s);
            }
        }
        check("after step event " + now);
        if (Duration.between(Instant.parse("2026-11-24T10:00:00Z"), a.clock.instant())
                .compareTo(SIM_LIMIT) > 0) {
            violations.add("ran past " + SIM_LIMIT.toMinutes() + " simulated minutes");
            abort.set(true);
        }
    }

    private void strike(Strike s) {
        switch (s.fault()) {
            case LINK_CUT -> c.cut(source, target);
            case LINK_HEAL -> c.heal(source, target);
            case TARGET_CRASH -> c.crash(target);
            case SOURCE_CRASH -> c.crash(source);
            case SSH_DROP -> a.dropSessions(s.node());
            case SSH_DROP_LOCK_KEPT -> a.dropSessionsKeepingRemoteLocks(s.node());
            case LATENCY_SPIKE -> a.awaitChange(Duration.ofSeconds(5 + rnd.nextInt(40)));
            case TRANSIENT_REFUSAL -> refusals.set(1 + rnd.nextInt(3));
            case DEVICE_OPENED -> {
                int minor = scenario == Scenario.SWITCHOVER_9 || scenario == Scenario.REACTOR_EVICT_9 ? 1000 : 0;
                c.hosts().holdOpen(rnd.nextBoolean() ? source : target, minor, "dd", 4711);
            }
            case SECOND_ADMIN -> {
                try {
                    SwitchoverRequest req = SwitchoverRequest.of(resources.get(0), target);
                    secondAdmin.add(new Switchover(new SimAccess(c), c.nodes(), req, Switchover.Options.defaults(
                            null, "bob@ws2")).execute(PlanListener.NONE, Decider.ABORT));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case READ_FAILS -> readFailures.set(1 + rnd.nextInt(6));
            case INTERRUPTED -> abort.set(true);
            case STEP_EXCEPTION -> throwNext.set(true);
        }
    }

    private CommandResult intercept(String node, RemoteCommand cmd) {
        if (throwNext.compareAndSet(true, false)) {
            throw new IllegalStateException("injected: a bug while running " + cmd);
        }
        List<String> argv = cmd.argv();
        if (argv.size() >= 2 && argv.get(0).equals("drbdadm") && (argv.get(1).equals("primary")
                || argv.get(1).equals("secondary")) && refusals.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
            return new CommandResult(11, "", resources.get(0) + ": State change failed: (-18) In transient state, "
                    + "retry after next state change\n", Duration.ZERO);
        }
        return null;
    }

    private SshException failing(String node, RemoteCommand cmd) {
        boolean read = !cmd.argv().contains("flock") && (cmd.argv().contains("events2") || cmd.argv().contains("show")
                || cmd.argv().contains("cat") || cmd.argv().contains("domstate") || cmd.argv().contains("dump-xml"));
        if (read && readFailures.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
            return new SshException.Timeout("'" + cmd + "' on " + node + " did not finish within 20 s (injected)");
        }
        return null;
    }

    /** The invariants that must hold after every simulated event. */
    private void check(String when) {
        for (String r : resources) {
            long primaries = c.read(() -> SimState.primaries(c, r));
            for (String node : c.nodes()) {
                Role now = SimState.role(c, node, r);
                Role before = roles.put(node + "/" + r, now);
                if (now == Role.PRIMARY && before != Role.PRIMARY && !SimState.upToDate(c, node, r)) {
                    violations.add(when + ": " + node + " was promoted for " + r + " while not UpToDate");
                }
                // a second Primary is made only inside a migration's window (both nodes allow it at that moment)
                if (now == Role.PRIMARY && before != Role.PRIMARY && primaries > 1) {
                    boolean window = inWindowAllowed && c.nodes().stream().filter(c::isUp)
                            .allMatch(n -> SimState.allowsTwoPrimaries(c, n, r) || !participates(n, r));
                    if (!window) {
                        violations.add(when + ": " + node + " became a second Primary for " + r + " outside a "
                                + "migration's window");
                    }
                }
            }
        }
        if (scenario == Scenario.VERIFY_84 && c.isUp(source) && !SimState.upToDate(c, source, "r0")) {
            violations.add(when + ": the good side " + source + " is being overwritten (not UpToDate)");
        }
        if (scenario == Scenario.VERIFY_84 && commands().stream().anyMatch(l -> l.startsWith(target + ":")
                && l.contains("invalidate"))) {
            violations.add(when + ": an invalidate ran on " + target + ", not on the good side");
        }
        if (!c.dataLoss().isEmpty()) {
            violations.add(when + ": " + c.dataLoss());
        }
        if (scenario == Scenario.REPLACE_DISK_84 && commands().stream().anyMatch(l -> l.startsWith(source + ":")
                && (l.contains("create-md") || l.contains("invalidate") || l.contains("detach")))) {
            violations.add(when + ": a disk command ran on the good node " + source);
        }
        if (scenario == Scenario.FORCE_SECONDARY_9 && commands().stream().anyMatch(l -> l.contains("primary --force")
                || l.contains("secondary --force") && !l.startsWith(source + ":"))) {
            violations.add(when + ": a force other than the forced demotion of " + source);
        }
        if (scenario == Scenario.REACTOR_EVICT_9 && commands().stream().anyMatch(l -> l.contains("drbdadm primary")
                || l.contains("drbdadm secondary") || l.contains("--force") || l.contains("systemctl start")
                || l.contains("systemctl stop"))) {
            violations.add(when + ": a role or a unit changed by the plan itself, not handed to drbd-reactor");
        }
        if (scenario == Scenario.RESIZE_84) {
            for (String node : c.nodes()) { // DRBD never shrinks under a plan
                long now = c.isUp(node) && SimState.role(c, node, "r0") != null ? drbdBytes(node) : -1;
                if (now >= 0 && now < 131032L * 1024) {
                    violations.add(when + ": r0 shrank on " + node + " to " + now);
                }
            }
            if (commands().stream().anyMatch(l -> l.contains("primary") || l.contains("secondary")
                    || l.contains("disconnect") || l.contains("invalidate") || l.contains("umount"))) {
                violations.add(when + ": a resize ran something else than resize and resize2fs");
            }
        }
        if (scenario == Scenario.ADJUST_84 && commands().stream().anyMatch(l -> l.contains(" all")
                || l.contains("primary") || l.contains("secondary") || l.contains("disconnect")
                || l.contains("invalidate"))) {
            violations.add(when + ": adjust ran something else than adjust RES: " + commands().stream()
                    .filter(l -> l.contains(" all") || l.contains("primary") || l.contains("secondary")
                            || l.contains("disconnect") || l.contains("invalidate")).toList());
        }
        if (scenario == Scenario.LIVE_MIGRATION && c.isUp(source) && c.isUp(target)
                && c.hosts().vmRunning(source, "db") && c.hosts().vmRunning(target, "db")) {
            violations.add(when + ": the VM runs on two nodes");
        }
    }

    /** The commands sent so far, copied under the log's lock (the engine's threads add to it meanwhile). */
    private List<String> commands() {
        synchronized (a.commandLog) {
            return List.copyOf(a.commandLog);
        }
    }

    private boolean participates(String node, String res) {
        return c.resources().stream().anyMatch(s -> s.name().equals(res) && s.nodes().contains(node));
    }

    /** At the end: the window closed, the locks released, the operator told; and no split brain once healed. */
    private void end(PlanResult r) {
        check("at the end");
        for (String node : c.nodes()) {
            if (!c.isUp(node)) {
                continue;
            }
            for (String res : resources) {
                // DRBD refuses to turn it off while both are Primary (164): when a demote was refused (a device held
                // open), the operator must get MANUAL with the demote and the disallow, and nothing less
                // (or refused it then, 164, and a node went away before it could be closed)
                boolean bothPrimary = SimState.primaries(c, res) > 1;
                boolean refused164 = r.steps().stream().anyMatch(x -> x.title().startsWith("Disallow two Primaries ("
                        + res) && x.message().contains("(164)"));
                boolean told = r.outcome() == Outcome.MANUAL && r.manual().stream().anyMatch(l -> l.startsWith(
                        "on " + node + ": ") && l.contains("--allow-two-primaries=no " + res));
                boolean demoteListed = r.manual().stream().anyMatch(l -> l.contains("drbdadm secondary " + res));
                if (SimState.allowsTwoPrimaries(c, node, res) && !(told && (bothPrimary && demoteListed
                        || refused164))) {
                    violations.add("allow-two-primaries left on for " + res + " on " + node);
                }
                if (participates(node, res) && !c.hosts().tryLock(node, ResourceLock.lockPath(res), "campaign",
                        "/tmp/campaign")) {
                    violations.add("the lock of " + res + " is still held on " + node);
                } else if (participates(node, res)) {
                    c.hosts().unlock(node, ResourceLock.lockPath(res));
                }
            }
        }
        for (String res : resources) { // two Primaries at the end (a link cut inside the window) is never "fine"
            if (SimState.primaries(c, res) > 1 && r.outcome() != Outcome.MANUAL) {
                violations.add("two Primaries for " + res + " at the end, but the outcome is " + r.outcome());
            }
        }
        if (scenario == Scenario.SPLIT_BRAIN_84) {
            if (commands().stream().anyMatch(l -> l.startsWith(source + ":") && l.contains("--discard-my-data"))) {
                violations.add("the survivor was told to discard its data");
            }
            // its own generation, or a newer one started from it (8.4: the Primary lost its peer again after the
            // resolution's resync) - never the victim's, and never unrelated data
            List<GenerationIds> now = c.isUp(source) ? GenerationIds.parseAll(new SimShell(c, source, "root")
                    .run("drbdadm get-gi r0").stdout()) : List.of();
            String was = GenerationIds.base(survivorGeneration);
            if (!now.isEmpty() && Stream.of(now.get(0).current(), now.get(0).bitmap(), now.get(0).history1(),
                    now.get(0).history2()).map(GenerationIds::base).noneMatch(was::equals)) {
                violations.add("the survivor's data generation changed: " + survivorGeneration + " -> "
                        + now.get(0).text());
            }
        }
        if (scenario == Scenario.RESYNC_RATE_84) { // a temporary rate is never left behind unless a person is told
            for (String node : c.nodes()) {
                boolean temporary = c.isUp(node) && new SimShell(c, node, "root").run("drbdadm -d adjust r0").stdout()
                        .contains("disk-options");
                boolean told = r.outcome() == Outcome.MANUAL && r.manual().stream().anyMatch(l -> l.contains(
                        "drbdadm adjust r0"));
                if (temporary && !told) {
                    violations.add("a temporary resync rate left on " + node + " (" + r.outcome() + ")");
                }
            }
        }
        if (scenario == Scenario.FORCE_SECONDARY_9 && r.outcome() == Outcome.DONE && c.isUp(target)
                && (SimState.role(c, target, "r0") != Role.PRIMARY || c.isUp(source)
                && SimState.role(c, source, "r0") == Role.PRIMARY)) {
            violations.add("DONE, but " + target + " is " + SimState.role(c, target, "r0") + " and " + source + " "
                    + SimState.role(c, source, "r0"));
        }
        if (scenario == Scenario.REACTOR_EVICT_9) { // DONE: a peer runs the services; else alpha again, or told
            List<String> up = c.nodes().stream().filter(c::isUp).toList();
            List<String> running = up.stream().filter(n -> SimState.role(c, n, "r0") == Role.PRIMARY
                    && c.hosts().serviceActive(n, "app-r0")).toList();
            if (r.outcome() == Outcome.DONE && (running.size() != 1 || running.contains(source))
                    && up.size() == c.nodes().size()) {
                violations.add("DONE, but the services run on " + running);
            }
            if (r.outcome() == Outcome.ROLLED_BACK && c.isUp(source) && !running.equals(List.of(source))) {
                violations.add("ROLLED_BACK, but the services run on " + running + ", not on " + source);
            }
            if (r.outcome() != Outcome.MANUAL && r.outcome() != Outcome.BLOCKED && up.size() == c.nodes().size()
                    && running.isEmpty()) {
                violations.add(r.outcome() + ", but nobody runs the services and nobody was told");
            }
        }
        if (scenario == Scenario.RESIZE_84 && r.outcome() == Outcome.DONE) { // DONE: grown on both, the fs too
            long alpha = drbdBytes(source); // a node that crashed after the plan's last verification reads -1
            long beta = drbdBytes(target);
            if (alpha >= 0 && beta >= 0 && alpha != beta || Math.max(alpha, beta) <= 131032L * 1024) {
                violations.add("DONE, but r0 is " + alpha + " bytes on alpha and " + beta + " on beta");
            }
            if (c.isUp(source) && fsBytes() <= 131032L * 1024 * 94 / 100) {
                violations.add("DONE, but the filesystem on alpha did not grow: " + fsBytes());
            }
        }
        if (scenario == Scenario.ADJUST_84) { // DONE means every kernel runs its files; a Primary stays Primary
            for (String node : c.nodes()) {
                String left = c.isUp(node) ? new SimShell(c, node, "root").run("drbdadm -d adjust r0").stdout() : "";
                if (r.outcome() == Outcome.DONE && !left.isBlank()) {
                    violations.add("DONE, but " + node + " still differs from its files: " + left.strip());
                }
            }
            if (c.isUp(source) && SimState.role(c, source, "r0") != Role.PRIMARY && strikes.stream().noneMatch(
                    k -> k.fault() == Fault.SOURCE_CRASH || k.fault() == Fault.SECOND_ADMIN)) {
                violations.add("the Primary " + source + " lost its role during an adjust");
            }
        }
        if (r.outcome() == Outcome.MANUAL && (r.manual().isEmpty() || r.state().isEmpty())) {
            violations.add("MANUAL without the commands left or the state");
        }
        if (r.outcome() == null || r.message().isBlank()) {
            violations.add("no outcome or no message");
        }
        for (PlanResult other : secondAdmin) {
            if (other.outcome() != Outcome.BLOCKED) {
                violations.add("a second admin's plan ran beside this one: " + other.outcome());
            }
        }
        // whatever failed, the plan must not have made diverging Primaries: heal everything and look
        for (String node : c.nodes()) {
            if (!c.isUp(node)) {
                c.restart(node);
            }
        }
        for (String x : c.nodes()) {
            for (String y : c.nodes()) {
                if (x.compareTo(y) < 0) {
                    c.heal(x, y);
                }
            }
        }
        c.tick(Duration.ofSeconds(5));
        // a live migration's two Primaries that lost their link meet in split brain on 8.4 once it is back: the plan
        // must have said so and named the node that does not run the VM as the victim, and that resolution must work
        // (a node that could not be read: a possible split brain, told as such, the person looks and chooses)
        Map<String, String> toldSplit = new HashMap<>();
        for (String res : resources) {
            String prefix = "drbd-pilot split-brain " + res + " ";
            r.manual().stream().filter(l -> r.outcome() == Outcome.MANUAL && l.contains(prefix)).findFirst()
                    .ifPresent(l -> toldSplit.put(res, l.contains(prefix + "--victim ") && !l.contains("drbd-pilot "
                            + "status") ? l.substring(l.indexOf(prefix + "--victim ") + prefix.length() + 9)
                            .split(" ")[0] : ""));
        }
        c.nodes().forEach(n -> c.hosts().releaseOpen(n, 0)); // the injected opener is not the plan's to close
        toldSplit.forEach((res, victim) -> {
            if (!victim.isEmpty()) {
                resolveAsTold(res, victim);
            }
        });
        for (String node : c.nodes()) {
            SimShell sh = new SimShell(c, node, "root");
            String proc = sh.run("cat /proc/drbd").stdout() + sh.run("drbdadm status").stdout();
            // a split brain the plan did not resolve (blocked, stopped before the discard) is still one: that is told
            boolean unresolved = scenario == Scenario.SPLIT_BRAIN_84 && r.outcome() != Outcome.DONE;
            // an adjust cut half-way by a lost link: the peers' verify-alg differ until the operator adjusts the
            // other node too (MANUAL, with those commands), as the real 8.4.11 does (both StandAlone)
            boolean toldToAdjust = scenario == Scenario.ADJUST_84 && r.outcome() == Outcome.MANUAL
                    && c.nodes().stream().allMatch(n -> r.manual().stream().anyMatch(l -> l.contains(n)
                    && l.contains("drbdadm adjust r0")));
            unresolved |= toldToAdjust || toldSplit.containsValue(""); // told, the person chooses the victim
            if (proc.contains("StandAlone") && !unresolved) {
                violations.add("split brain after healing (" + node + "): " + proc.replace('\n', ' '));
            }
        }
    }

    /**
     * Resolves a split brain the plan announced as it said, on a healed cluster without faults: the victim must not
     * run the VM, the cluster must be in split brain, and the resolution must end DONE with the VM's node kept.
     */
    private void resolveAsTold(String res, String victim) {
        boolean split = c.nodes().stream().anyMatch(n -> new SimShell(c, n, "root").run("drbdadm cstate " + res)
                .stdout().contains("StandAlone"));
        if (!split) {
            violations.add("a split brain of " + res + " was announced, but none came when the link returned");
            return;
        }
        if (c.hosts().vmRunning(victim, "db")) {
            violations.add("the victim named for " + res + " is " + victim + ", where the VM runs");
            return;
        }
        try {
            PlanResult done = new SplitBrain(new SimAccess(c), c.nodes(), res, victim, new SplitBrain.Options(null,
                    "alice@ws1", Duration.ofSeconds(15), Duration.ofMinutes(30))).execute(PlanListener.NONE,
                    Decider.ABORT, null);
            if (done.outcome() != Outcome.DONE) {
                violations.add("the announced resolution of " + res + " (victim " + victim + ") ended "
                        + done.outcome() + ": " + done.message());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            violations.add("interrupted while resolving " + res);
        }
    }

    /** Runs {@code count} seeds from {@code first} over every scenario; counts outcomes and faults. */
    static Summary campaign(long first, int count, List<Scenario> scenarios) throws Exception {
        Summary s = new Summary();
        for (Scenario sc : scenarios) {
            for (long seed = first; seed < first + count; seed++) {
                Report r = new FaultCampaign(seed, sc).run();
                s.add(r);
            }
        }
        return s;
    }

    /** The campaign's counts. */
    static final class Summary {
        final Map<Scenario, Integer> runs = new EnumMap<>(Scenario.class);
        final Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
        final Map<String, Integer> outcomes = new LinkedHashMap<>();
        final List<Report> failures = new ArrayList<>();
        final Map<String, Integer> kinds = new LinkedHashMap<>();
        int hangs;
        int violations;

        void add(Report r) {
            runs.merge(r.scenario(), 1, Integer::sum);
            r.strikes().forEach(k -> faults.merge(k.fault(), 1, Integer::sum));
            outcomes.merge(r.scenario() + " " + (r.hung() ? "HUNG" : String.valueOf(r.outcome())), 1, Integer::sum);
            if (r.hung()) {
                hangs++;
            }
            violations += r.violations().size();
            r.violations().forEach(v -> kinds.merge(v.replaceAll(" (for|on|\\(|after|:).*", ""), 1, Integer::sum));
            if (!r.ok()) {
                failures.add(r);
            }
        }

        @Override
        public String toString() {
            int total = runs.values().stream().mapToInt(Integer::intValue).sum();
            int faultCount = faults.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder sb = new StringBuilder("Fault campaign: " + total + " runs " + runs + ", " + faultCount
                    + " faults " + faults + "\n  outcomes " + outcomes + "\n  violations " + violations + " " + kinds + ", hangs "
                    + hangs);
            failures.stream().limit(10).forEach(f -> sb.append("\n  ").append(f));
            return sb.toString();
        }
    }
}
