// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.migration.MigrationTest;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.plan.StepRecord;
import io.drbdpilot.ops.switchover.Preflight;
import io.drbdpilot.ops.switchover.Switchover;
import io.drbdpilot.ops.switchover.SwitchoverTest;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimHosts;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The holes a hostile review found in the engine, each shown closed. */
class EngineSafetyTest {

    private static Switchover switchover(SimAccess a, SimCluster c) {
        return new Switchover(a, c.nodes(), SwitchoverTest.withFs("beta"), Switchover.Options.defaults(null,
                "alice@ws1"));
    }

    private static Migration live(SimAccess a, SimCluster c) throws InterruptedException {
        return new Migration(a, c.nodes(), MigrationTest.found(c, "db"), "beta", Migration.Mode.LIVE,
                Migration.Options.defaults(null, "alice@ws1"));
    }

    @Test
    void anExceptionInsideAStepStartsTheRollback() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        SimAccess a = new SimAccess(c);
        a.interceptor = (n, cmd) -> {
            if (n.equals("beta") && cmd.argv().equals(List.of("drbdadm", "primary", "r0"))) {
                throw new IllegalStateException("a bug in a step");
            }
            return null;
        };
        PlanResult r = switchover(a, c).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(r.message()).contains("unexpected error").contains("a bug in a step");
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(c.hosts().serviceActive("alpha", "app")).isTrue();
        assertThat(c.hosts().tryLock("alpha", ResourceLock.lockPath("r0"), "next", "/tmp/x")).isTrue();
    }

    @Test
    void anInterruptedRunRollsBackInsteadOfDroppingTheRun() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        SimAccess a = new SimAccess(c);
        Thread runner = Thread.currentThread();
        PlanListener closeWindow = new PlanListener() {
            @Override
            public void stepStarted(StepRecord s) {
                if (!s.rollback() && s.title().startsWith("Re-verify beta")) {
                    runner.interrupt(); // what the window's close (or quitting the app) does
                }
            }
        };
        PlanResult r = switchover(a, c).execute(closeWindow, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(r.message()).contains("stopped (interrupted)");
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(c, "beta", "r0")).isEqualTo(Role.SECONDARY);
        assertThat(c.hosts().mountOf("alpha", 0)).isEqualTo("/mnt/r0");
        assertThat(Thread.interrupted()).as("the interrupt was consumed by the abort").isFalse();
    }

    @Test
    void aFailedDisallowAfterAGoodLiveMigrationIsRetriedNeverMigratedBack() throws Exception {
        SimCluster c = MigrationTest.twoDisks();
        SimAccess a = new SimAccess(c);
        AtomicInteger refusals = new AtomicInteger();
        a.interceptor = (n, cmd) -> {
            if (cmd.argv().contains("--allow-two-primaries=no") && cmd.argv().contains("r1")
                    && refusals.getAndIncrement() < 100) {
                return new CommandResult(10, "", "r1: Failure: (162) Invalid configuration request\n",
                        Duration.ZERO);
            }
            return null;
        };
        PlanResult r = live(a, c).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.MANUAL);
        assertThat(r.message()).contains("cleanup").contains("Disallow two Primaries (r1");
        assertThat(refusals.get()).as("tried again before giving up").isGreaterThan(1);
        assertThat(c.hosts().vmRunning("beta", "db")).isTrue();
        assertThat(c.hosts().vmRunning("alpha", "db")).isFalse();
        assertThat(a.commandLog).noneMatch(l -> l.startsWith("beta: virsh migrate"));
        assertThat(r.manual()).containsExactly(
                "on alpha: drbdadm net-options --allow-two-primaries=no r1    # Disallow two Primaries (r1, runtime "
                        + "only)",
                "on beta: drbdadm net-options --allow-two-primaries=no r1    # Disallow two Primaries (r1, runtime "
                        + "only)");
        assertThat(SimState.allowsTwoPrimaries(c, "alpha", "r0")).isFalse();

        refusals.set(0); // the same, but the node only refuses twice: the retry closes the window
        SimCluster d = MigrationTest.twoDisks();
        SimAccess b = new SimAccess(d);
        b.interceptor = (n, cmd) -> cmd.argv().contains("--allow-two-primaries=no") && cmd.argv().contains("r1")
                && refusals.getAndIncrement() < 2 ? new CommandResult(10, "", "r1: Failure: (162) Invalid "
                + "configuration request\n", Duration.ZERO) : null;
        PlanResult ok = live(b, d).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(ok.outcome()).as(ok.message()).isEqualTo(Outcome.DONE);
        assertThat(SimState.allowsTwoPrimaries(d, "beta", "r1")).isFalse();
    }

    @Test
    void theSourceIsNotRePromotedWhenTheTargetWasPrimaryApartFromIt() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        SimAccess a = new SimAccess(c);
        // beta is promoted, then the link is cut before the promote is confirmed: beta was Primary alone
        a.interceptor = (n, cmd) -> {
            if (n.equals("beta") && cmd.argv().equals(List.of("drbdadm", "primary", "r0"))) {
                c.promote("beta", "r0", false);
                c.cut("alpha", "beta");
                return new CommandResult(0, "", "", Duration.ZERO);
            }
            return null;
        };
        List<Long> primaries = new ArrayList<>();
        c.onChange((res, node) -> primaries.add(SimState.primaries(c, "r0")));
        PlanResult r = switchover(a, c).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.MANUAL);
        assertThat(r.message()).contains("would split the brain");
        assertThat(r.manual()).anyMatch(l -> l.startsWith("on alpha: drbdadm primary r0"));
        assertThat(SimState.role(c, "alpha", "r0")).as("never a second, diverging Primary")
                .isEqualTo(Role.SECONDARY);
        assertThat(primaries).allMatch(p -> p <= 1);
        c.heal("alpha", "beta");
        c.tick(Duration.ofSeconds(30));
        assertThat(c.read(() -> new SimShell(c, "alpha", "root").run("cat /proc/drbd").stdout()))
                .as("no split brain on reconnect").doesNotContain("StandAlone");
    }

    @Test
    void aVmInShutdownIsWaitedForNotTakenForShutOff() throws Exception {
        SimCluster c = MigrationTest.twoDisks();
        c.hosts().addVm("alpha", "web", List.of(), false); // keeps the cold plan honest: only db moves
        SimAccess a = new SimAccess(c);
        AtomicInteger inShutdown = new AtomicInteger();
        a.interceptor = (n, cmd) -> {
            if (n.equals("alpha") && cmd.argv().equals(List.of("virsh", "domstate", SimHosts.vmUuid("db")))
                    && a.commandLog.contains("alpha: virsh shutdown " + SimHosts.vmUuid("db") + "") && inShutdown.getAndIncrement() < 3) {
                return new CommandResult(0, "in shutdown\n\n", "", Duration.ZERO);
            }
            return null;
        };
        Migration cold = new Migration(a, c.nodes(), MigrationTest.found(c, "db"), "beta", Migration.Mode.COLD,
                Migration.Options.defaults(null, "alice@ws1"));
        PlanResult r = cold.execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        int shutdown = a.commandLog.indexOf("alpha: virsh shutdown " + SimHosts.vmUuid("db") + "");
        int demote = a.commandLog.indexOf("alpha: drbdadm secondary r0");
        long polls = a.commandLog.subList(shutdown, demote).stream()
                .filter(l -> l.equals("alpha: virsh domstate " + SimHosts.vmUuid("db") + "")).count();
        assertThat(polls).as("polled until shut off, not stopped at 'in shutdown'").isGreaterThanOrEqualTo(4);
    }

    @Test
    void aMigrationThatTimesOutIsAbortedBeforeTheRollback() throws Exception {
        SimCluster c = MigrationTest.twoDisks();
        SimAccess a = new SimAccess(c);
        a.failing = (n, cmd) -> cmd.argv().size() > 1 && cmd.argv().get(1).equals("migrate")
                ? new SshException.Timeout("'virsh migrate' on alpha did not finish within 1800 s") : null;
        PlanResult r = live(a, c).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.ROLLED_BACK);
        int migrate = a.commandLog.indexOf(a.commandLog.stream().filter(l -> l.startsWith("alpha: virsh migrate"))
                .findFirst().orElseThrow());
        int abort = a.commandLog.indexOf("alpha: virsh domjobabort " + SimHosts.vmUuid("db") + "");
        int demoteBeta = a.commandLog.indexOf("beta: drbdadm secondary r0");
        assertThat(abort).isGreaterThan(migrate).isLessThan(demoteBeta);
        assertThat(c.hosts().vmRunning("alpha", "db")).isTrue();
        assertThat(SimState.allowsTwoPrimaries(c, "beta", "r0")).isFalse();
    }

    @Test
    void theCommandsLeftCarrySudoWhereTheLoginIsNotRoot() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        SimAccess a = new SimAccess(c) {
            @Override
            public boolean isRoot(String node) {
                return false;
            }
        };
        a.interceptor = (n, cmd) -> {
            if (n.equals("beta") && cmd.argv().equals(List.of("drbdadm", "primary", "r0"))) {
                c.crash("beta");
                return new CommandResult(-1, "", "lost", Duration.ZERO);
            }
            return null;
        };
        PlanResult r = switchover(a, c).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.MANUAL);
        assertThat(r.manual()).isNotEmpty().allMatch(l -> l.matches("on \\w+: sudo -n -- .*"));
    }

    @Test
    void whatRunsIsWhatWasConfirmedOrNothingRuns() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        SimAccess a = new SimAccess(c);
        Switchover sw = switchover(a, c);
        Preflight.Result confirmed = sw.check();
        assertThat(confirmed.risky()).isFalse();
        // between the operator's confirmation and the lock, a runtime dual-primary appears: a new WARN
        new SimShell(c, "beta", "root").run("drbdadm net-options --allow-two-primaries=yes r0");
        int before = a.commandLog.size();
        PlanResult r = sw.execute(PlanListener.NONE, Decider.ABORT, confirmed);
        assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(r.message()).contains("changed since they were confirmed").contains("WARN allow-two-primaries")
                .contains("it was PASS");
        assertThat(a.commandLog.subList(before, a.commandLog.size()))
                .noneMatch(l -> l.contains("drbdadm secondary") || l.contains("umount") || l.contains("systemctl stop"));
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.PRIMARY);

        // confirmed again with the new checks, it runs (a check that improves is no change either)
        new SimShell(c, "beta", "root").run("drbdadm net-options --allow-two-primaries=no r0");
        PlanResult again = sw.execute(PlanListener.NONE, Decider.ABORT, confirmed);
        assertThat(again.outcome()).as(again.message()).isEqualTo(Outcome.DONE);
    }

    @Test
    void afterADropThePlanTakesItsOwnStaleLockBackAndOnlyItsOwn() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        SimAccess a = new SimAccess(c);
        PlanListener drop = new PlanListener() {
            @Override
            public void stepStarted(StepRecord s) {
                if (!s.rollback() && s.title().startsWith("Demote alpha")) {
                    a.dropSessionsKeepingRemoteLocks("alpha"); // alpha's old cat still holds the flock
                }
            }
        };
        PlanResult r = switchover(a, c).execute(drop, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(a.commandLog).anyMatch(l -> l.startsWith("alpha: sh -c ") && l.contains("drbd-pilot-reclaim"));
        assertThat(c.hosts().tryLock("alpha", ResourceLock.lockPath("r0"), "next", "/tmp/x"))
                .as("released at the end").isTrue();

        // another plan's stale lock is not ended: it is refused with its holder
        SimCluster d = SwitchoverTest.lab();
        d.hosts().tryLock("alpha", ResourceLock.lockPath("r0"), "bob@ws2 (DRBD Pilot, pid 7) [plan-0123456789ab]",
                ResourceLock.holderPath("r0"));
        SimAccess b = new SimAccess(d);
        PlanResult refused = switchover(b, d).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(refused.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(refused.message()).contains("bob@ws2");
        assertThat(b.commandLog).noneMatch(l -> l.contains("drbd-pilot-reclaim"));
    }
}
