// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.resync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drbdpilot.ops.SimAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.resync.ResyncChecks.Kind;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resync control on the simulator: the report in words, pause, resume, a temporary rate followed and reset. */
class ResyncControlTest {

    @TempDir
    Path dir;

    private ResyncControl plan(SimAccess a, Kind kind, long rate, boolean leave) {
        return new ResyncControl(a, "r1", List.of("alpha", "beta"), kind, rate, null, new ResyncControl.Options(
                dir.resolve("audit.jsonl"), "alice@ws1", Duration.ofSeconds(15), Duration.ofMinutes(30), leave));
    }

    private static PlanResult run(ResyncControl p) throws InterruptedException {
        ResyncChecks.Result c = p.check();
        assertThat(c.blocked()).as(c.checks().toString()).isFalse();
        return p.execute(PlanListener.NONE, Decider.ABORT, c);
    }

    /** r1 with beta as a slow SyncTarget (1 MiB/s, a temporary rate set by hand): 64 s of resync. */
    private static SimCluster slowResync() {
        SimCluster c = SimClusters.lab84(false);
        assertThat(new SimShell(c, "beta", "root").run("drbdadm disk-options --c-plan-ahead=0 --resync-rate=1M r1")
                .exit()).isZero();
        assertThat(new SimShell(c, "alpha", "root").run("drbdadm invalidate-remote r1").exit()).isZero();
        return c;
    }

    private static ResyncReport report(SimAccess a) throws InterruptedException {
        return ResyncReport.read(new Probe(a), "r1", List.of("alpha", "beta"));
    }

    @Test
    void theReportSaysWhoSyncsFromWhomHowFastAndThatTheRateIsTemporary() throws Exception {
        SimCluster c = slowResync();
        SimAccess a = new SimAccess(c);
        a.awaitChange(Duration.ofSeconds(8));
        ResyncReport r = report(a);
        assertThat(r.lines()).hasSize(2);
        ResyncReport.Line target = r.lines().stream().filter(ResyncReport.Line::target).findFirst().orElseThrow();
        assertThat(target.node()).isEqualTo("beta");
        assertThat(target.peer()).isEqualTo("alpha");
        assertThat(target.describe()).contains("beta ← alpha").contains("SyncTarget").contains("wants 1.0 MiB/s")
                .contains("at 1.0 MiB/s").contains("left");
        assertThat(r.temporaryOn()).as("8.4 sends the SyncTarget's rate to its peer (the lab's kernel)")
                .containsExactlyInAnyOrder("alpha", "beta");
        assertThat(r.describe()).contains("beta: 1.0 MiB/s, temporary (the files say 40.0 MiB/s");
    }

    @Test
    void pauseThenResumeIsVerifiedOnBothSidesInWords() throws Exception {
        SimCluster c = slowResync();
        SimAccess a = new SimAccess(c);
        assertThat(run(plan(a, Kind.PAUSE, 0, false)).outcome()).isEqualTo(Outcome.DONE);
        ResyncReport paused = report(a);
        assertThat(paused.lines()).allMatch(ResyncReport.Line::paused);
        ResyncReport.Line alpha = paused.lines().stream().filter(l -> l.node().equals("alpha")).findFirst()
                .orElseThrow();
        assertThat(alpha.state()).isEqualTo("PausedSyncS");
        assertThat(alpha.describe()).contains("paused: on the peer");
        assertThat(new SimShell(c, "alpha", "root").run("cat /proc/drbd").stdout()).contains("cs:PausedSyncS")
                .contains("r-p---");
        assertThat(new SimShell(c, "beta", "root").run("cat /proc/drbd").stdout()).contains("cs:PausedSyncT")
                .contains("r--u--");
        long left = paused.lines().get(0).outOfSyncKiB();
        a.awaitChange(Duration.ofSeconds(10));
        assertThat(report(a).lines().get(0).outOfSyncKiB()).as("a paused resync does not move").isEqualTo(left);

        ResyncChecks.Result again = plan(a, Kind.PAUSE, 0, false).check();
        assertThat(again.checks()).anyMatch(k -> k.id().equals("resync") && k.status() == Check.Status.BLOCK
                && k.reason().contains("paused by an admin already"));

        assertThat(run(plan(a, Kind.RESUME, 0, false)).outcome()).isEqualTo(Outcome.DONE);
        assertThat(report(a).lines()).noneMatch(ResyncReport.Line::paused);
        ResyncChecks.Result nothing = plan(a, Kind.RESUME, 0, false).check();
        assertThat(nothing.blocked()).isTrue();
    }

    @Test
    void aTemporaryRateRunsOnTheSyncTargetUntilTheResyncEndsAndIsThenReset() throws Exception {
        SimCluster c = slowResync();
        SimAccess a = new SimAccess(c);
        ResyncControl p = plan(a, Kind.RATE, ResyncControl.parseRate("20M"), false);
        ResyncChecks.Result checked = p.check();
        assertThat(checked.actOn()).containsExactly("beta");
        assertThat(p.script(checked)).contains("drbdadm disk-options --c-plan-ahead=0 --resync-rate=20480k r1")
                .contains("drbdadm adjust r1").doesNotContain("adjust all");
        Duration before = Duration.ofSeconds(a.clock.instant().getEpochSecond());
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        long took = a.clock.instant().getEpochSecond() - before.getSeconds();
        assertThat(took).as("64 MiB at 20 MiB/s, not at 1 MiB/s").isLessThan(20);
        ResyncReport after = report(a);
        assertThat(after.lines()).isEmpty();
        assertThat(after.temporaryOn()).as("the rate is reset when the resync ends").isEmpty();
        assertThat(c.dataLoss()).isEmpty();
    }

    @Test
    void aRateLeftInPlaceIsResetOnRequestAndANodeThatDropsDuringTheFollowStillGetsItsReset() throws Exception {
        SimCluster c = slowResync();
        SimAccess a = new SimAccess(c);
        assertThat(run(plan(a, Kind.RATE, 2048, true)).outcome()).isEqualTo(Outcome.DONE);
        assertThat(report(a).rates().stream().filter(x -> x.node().equals("beta")).findFirst().orElseThrow()
                .runningKiBps()).isEqualTo(2048);
        assertThat(run(plan(a, Kind.RESET, 0, false)).outcome()).isEqualTo(Outcome.DONE);
        assertThat(report(a).temporaryOn()).isEmpty();
        assertThat(plan(a, Kind.RESET, 0, false).check().blocked()).as("nothing left to reset").isTrue();

        // a followed rate whose link drops: the resync stops, the plan fails, and the reset still runs
        ResyncControl followed = plan(a, Kind.RATE, 2048, false);
        ResyncChecks.Result checked = followed.check();
        a.interceptor = (n, cmd) -> {
            if (cmd.argv().contains("disk-options")) {
                c.cut("alpha", "beta");
            }
            return null;
        };
        PlanResult r = followed.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isIn(Outcome.ROLLED_BACK, Outcome.DONE);
        assertThat(report(a).temporaryOn()).as("never left behind").isEmpty();
    }

    @Test
    void ratesAreWrittenAsOperatorsWriteThem() {
        assertThat(ResyncControl.parseRate("100M")).isEqualTo(102400);
        assertThat(ResyncControl.parseRate("4096k")).isEqualTo(4096);
        assertThat(ResyncControl.parseRate("2G")).isEqualTo(2097152);
        assertThatThrownBy(() -> ResyncControl.parseRate("fast")).hasMessageContaining("not a resync rate");
        assertThatThrownBy(() -> ResyncControl.parseRate("8G")).hasMessageContaining("1k to 4G");
        assertThatThrownBy(() -> ResyncControl.parseRate("0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResetConfirmedWhileTheResyncRanStillRunsWhenTheResyncEndedBeforeIt() throws Exception {
        // seen in CI on the real kernel: confirmed with the SyncTarget first, the resync ended, the order changed
        SimCluster c = slowResync();
        SimAccess a = new SimAccess(c);
        ResyncControl reset = plan(a, Kind.RESET, 0, false);
        ResyncChecks.Result confirmed = reset.check();
        assertThat(confirmed.actOn()).containsExactly("beta", "alpha");
        a.awaitChange(Duration.ofMinutes(3)); // 64 MiB at 1 MiB/s: over
        assertThat(report(a).lines()).isEmpty();
        assertThat(reset.check().actOn()).containsExactlyInAnyOrder("alpha", "beta");
        PlanResult r = reset.execute(PlanListener.NONE, Decider.ABORT, confirmed);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(report(a).temporaryOn()).isEmpty();
    }
}
