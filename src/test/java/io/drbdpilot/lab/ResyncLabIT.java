// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.resync.ResyncChecks;
import io.drbdpilot.ops.resync.ResyncControl;
import io.drbdpilot.ops.resync.ResyncReport;
import io.drbdpilot.ssh.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resync control on the real DRBD 8.4 kernel: a full resync of beta's r1 from alpha at 512 KiB/s (a temporary rate set by
 * hand, so it lasts), read in words; a temporary rate whose speed shows in /proc/drbd; paused and resumed with both
 * sides' flags (u on beta, p on alpha); and the reset by adjust, which 8.4 also sends to the peer. The lab is left at its baseline.
 */
class ResyncLabIT {

    private static final Path CAPTURE = Path.of("target/lab-resync-control.txt");
    private ClusterMonitor monitor;
    private SshNodeAccess access;

    @BeforeEach
    void start() {
        String nodes = System.getProperty("lab.nodes", "");
        assumeThat(nodes.split(",")).hasSizeGreaterThanOrEqualTo(2);
        monitor = LabNodes.monitor(List.of(nodes.split(",")));
        access = new SshNodeAccess(monitor, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (String n : List.of("alpha", "beta")) {
                LabNodes.root(access, n, "drbdadm", "resume-sync", "r1");
                LabNodes.root(access, n, "drbdadm", "adjust", "r1");
            }
            LabNodes.awaitR1Baseline(access);
        } finally {
            if (monitor != null) {
                monitor.close();
            }
        }
    }

    private ResyncControl plan(ResyncChecks.Kind kind, long rate, boolean leave) {
        return new ResyncControl(access, "r1", List.of("alpha", "beta"), kind, rate, null, new ResyncControl.Options(
                Path.of("target/lab-audit.jsonl"), "ResyncLabIT", Duration.ofSeconds(30), Duration.ofMinutes(10),
                leave));
    }

    private PlanResult run(ResyncControl p) throws InterruptedException {
        ResyncChecks.Result c = p.check();
        assertThat(c.blocked()).as(c.checks().toString()).isFalse();
        return p.execute(PlanListener.NONE, Decider.ABORT, c);
    }

    private void capture(String title) throws Exception {
        Files.writeString(CAPTURE, "### " + title + "\n### alpha$ cat /proc/drbd\n" + LabNodes.proc(access, "alpha")
                + "### beta$ cat /proc/drbd\n" + LabNodes.proc(access, "beta"), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static final Pattern SPEED = Pattern.compile("speed: ([\\d,]+) \\(");

    private long recentSpeed() {
        Matcher m = SPEED.matcher(LabNodes.proc(access, "beta"));
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }

    @Test
    void pausesResumesSpeedsUpAndResetsARealResync() throws Exception {
        LabNodes.awaitR1Baseline(access);
        Files.deleteIfExists(CAPTURE);
        CommandResult slow = LabNodes.root(access, "beta", "drbdadm", "disk-options", "--c-plan-ahead=0",
                "--resync-rate=512k", "r1");
        assertThat(slow.exitCode()).as(slow.stderr()).isZero();
        assertThat(LabNodes.root(access, "alpha", "drbdadm", "invalidate-remote", "r1").exitCode()).isZero();
        Thread.sleep(3000);
        capture("a full resync of r1 at 512 KiB/s");

        ResyncReport r = ResyncReport.read(new Probe(access), "r1", List.of("alpha", "beta"));
        ResyncReport.Line target = r.lines().stream().filter(ResyncReport.Line::target).findFirst().orElseThrow();
        assertThat(target.node()).isEqualTo("beta");
        assertThat(target.describe()).contains("beta ← alpha").contains("SyncTarget").contains("wants 512 KiB/s");
        assertThat(r.temporaryOn()).as("8.4 sends the SyncTarget's rate to its peer, which runs it too")
                .containsExactlyInAnyOrder("alpha", "beta");

        // the 64 MiB resync at 512 KiB/s lasts two minutes, so pause, resume and the rate change all fit in it even
        // when the emulated lab takes 20-30 s per plan (two CI runs saw a faster resync end before a step)
        assertThat(run(plan(ResyncChecks.Kind.PAUSE, 0, false)).outcome()).isEqualTo(Outcome.DONE);
        capture("paused on beta");
        assertThat(LabNodes.proc(access, "beta")).contains("cs:PausedSyncT").contains("r--u--");
        assertThat(LabNodes.proc(access, "alpha")).contains("cs:PausedSyncS").contains("r-p---");
        ResyncReport paused = ResyncReport.read(new Probe(access), "r1", List.of("alpha", "beta"));
        assertThat(paused.lines()).allMatch(ResyncReport.Line::paused);
        assertThat(paused.describe()).contains("paused: by an admin on this node").contains("paused: on the peer");

        assertThat(run(plan(ResyncChecks.Kind.RESUME, 0, false)).outcome()).isEqualTo(Outcome.DONE);
        assertThat(LabNodes.proc(access, "beta")).contains("cs:SyncTarget");

        PlanResult fast = run(plan(ResyncChecks.Kind.RATE, 1024, true));
        assertThat(fast.outcome()).as(fast.message()).isEqualTo(Outcome.DONE);
        assertThat(LabNodes.proc(access, "beta")).contains("want: 1,024 K/sec");
        long seen = -1;
        for (int i = 0; i < 20 && seen <= 600; i++) {
            Thread.sleep(1000);
            seen = recentSpeed();
        }
        capture("at a temporary 1 MiB/s");
        assertThat(seen).as("the speed /proc/drbd shows after the change").isGreaterThan(600);

        PlanResult reset = run(plan(ResyncChecks.Kind.RESET, 0, false));
        assertThat(reset.outcome()).as(reset.message()).isEqualTo(Outcome.DONE);
        ResyncReport after = ResyncReport.read(new Probe(access), "r1", List.of("alpha", "beta"));
        assertThat(after.temporaryOn()).isEmpty();
        assertThat(after.rates()).allMatch(x -> x.runningKiBps() == 40960);
        capture("reset to the configured 40 MiB/s");
    }
}
