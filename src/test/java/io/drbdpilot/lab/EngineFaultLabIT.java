// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.plan.StepRecord;
import io.drbdpilot.ops.switchover.Switchover;
import io.drbdpilot.ops.switchover.SwitchoverRequest;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The engine's promise against the real DRBD 8.4 kernel: DRBD Pilot's own SSH session ended on the node in the middle
 * of a switchover, and the target crashed right after it was promoted. Each run ends DONE, ROLLED_BACK or MANUAL with
 * the invariants read from {@code /proc/drbd}: at most one Primary, allow-two-primaries off, the lock free, and a
 * MANUAL result that lists the commands left. Leaves the lab at its baseline (r0 Primary on alpha).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineFaultLabIT {

    private static final Pattern ROLE = Pattern.compile("^\\s*0: cs:(\\S+) ro:(\\w+)/", Pattern.MULTILINE);

    private ClusterMonitor monitor;
    private SshNodeAccess access;
    private Path labDir;

    @BeforeEach
    void start() {
        String nodes = System.getProperty("lab.nodes", "");
        assumeThat(nodes.split(",")).hasSizeGreaterThanOrEqualTo(2);
        labDir = Path.of(System.getProperty("lab.faultCommand", "../shared/lab/fault")).getParent();
        monitor = LabNodes.monitor(List.of(nodes.split(",")));
        access = new SshNodeAccess(monitor, Clock.systemUTC());
        awaitBaseline();
    }

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    /** r0's role on a node from its own /proc/drbd, or null when the node cannot be read. */
    private String role(String node) {
        try {
            CommandResult r = access.run(node, RemoteCommand.of("cat", "/proc/drbd"), Duration.ofSeconds(20));
            Matcher m = ROLE.matcher(r.stdout());
            return m.find() ? m.group(2) : "";
        } catch (Exception e) {
            return null;
        }
    }

    private String proc(String node) {
        try {
            return access.run(node, RemoteCommand.of("cat", "/proc/drbd"), Duration.ofSeconds(20)).stdout();
        } catch (Exception e) {
            return "";
        }
    }

    private void awaitBaseline() {
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String a = proc("alpha");
            String b = proc("beta");
            return a.contains("cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate")
                    && b.contains("cs:Connected ro:Secondary/Primary ds:UpToDate/UpToDate");
        });
    }

    private Switchover plan(String target) {
        return new Switchover(access, List.of("alpha", "beta"), SwitchoverRequest.of("r0", target),
                new Switchover.Options(Path.of("target/lab-audit.jsonl"), "EngineFaultLabIT", Duration.ofSeconds(30)));
    }

    /** The invariants, read from the kernels: never two Primaries, the window closed, the lock free, told. */
    private void invariants(PlanResult r) throws Exception {
        String why = r.outcome() + ": " + r.message() + " " + r.manual();
        assertThat(r.outcome()).as(why).isIn(Outcome.DONE, Outcome.ROLLED_BACK, Outcome.MANUAL);
        long primaries = List.of("alpha", "beta").stream().map(this::role).filter("Primary"::equals).count();
        assertThat(primaries).as("Primaries in /proc/drbd after " + why).isLessThanOrEqualTo(1);
        for (String n : List.of("alpha", "beta")) {
            if (role(n) != null) {
                CommandResult show = access.run(n, RemoteCommand.root("drbdsetup", "show", "--show-defaults", "r0"),
                        Duration.ofSeconds(20));
                assertThat(show.stdout()).as(n + " " + why).doesNotContain("allow-two-primaries\tyes")
                        .doesNotContain("allow-two-primaries yes");
                CommandResult lock = access.run(n, RemoteCommand.root("flock", "--nonblock",
                        ResourceLock.lockPath("r0"), "true"), Duration.ofSeconds(20));
                assertThat(lock.exitCode()).as("the lock of r0 is free on " + n + " after " + why).isZero();
            }
        }
        if (r.outcome() == Outcome.DONE) {
            assertThat(role("beta")).as(why).isEqualTo("Primary");
        }
        if (r.outcome() == Outcome.ROLLED_BACK) {
            assertThat(role("alpha")).as(why).isEqualTo("Primary");
        }
        if (r.outcome() == Outcome.MANUAL) {
            assertThat(r.manual()).as(why).isNotEmpty();
            assertThat(r.state()).as(why).hasSize(2);
        }
        Files.writeString(Path.of("target/lab-engine-faults.txt"), why + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** A lab script run from a listener, on the engine's thread, as the fault strikes. */
    private void lab(String... args) {
        try {
            LabNodes.script(labDir, args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Back to r0 Primary on alpha, whatever the run left. */
    private void restore() throws Exception {
        if ("Primary".equals(role("beta"))) {
            PlanResult back = plan("alpha").execute(PlanListener.NONE, Decider.ABORT);
            if (back.outcome() != Outcome.DONE) {
                access.run("beta", RemoteCommand.root("drbdadm", "secondary", "r0"), Duration.ofSeconds(30));
            }
        }
        if (!"Primary".equals(role("alpha")) && !"Primary".equals(role("beta"))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> proc("alpha").contains("ds:UpToDate/UpToDate"));
            access.run("alpha", RemoteCommand.root("drbdadm", "primary", "r0"), Duration.ofSeconds(30));
        }
        awaitBaseline();
    }

    @Test
    @Order(1)
    void theSourcesSshSessionEndedMidSwitchover() throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        PlanListener killer = new PlanListener() {
            @Override
            public void stepStarted(StepRecord s) {
                if (!s.rollback() && s.title().startsWith("Re-verify beta") && killed.compareAndSet(false, true)) {
                    // the sshd process serving DRBD Pilot's session (the parent of its lock's flock) ends
                    lab("./ssh", "alpha", "kill -9 $(ps -o ppid= -p $(pgrep -f '^flock .*/run/drbd-pilot/r0\\.lock'))");
                }
            }
        };
        PlanResult r = plan("beta").execute(killer, Decider.ABORT);
        assertThat(killed).isTrue();
        invariants(r);
        restore();
    }

    @Test
    @Order(2)
    void theTargetCrashedRightAfterItsPromote() throws Exception {
        AtomicBoolean crashed = new AtomicBoolean();
        PlanListener crasher = new PlanListener() {
            @Override
            public void command(String node, RemoteCommand c, CommandResult result) {
                if (result != null && node.equals("beta") && c.argv().contains("primary")
                        && crashed.compareAndSet(false, true)) {
                    lab("./crash", "beta");
                }
            }
        };
        PlanResult r;
        try {
            r = plan("beta").execute(crasher, Decider.ABORT);
            assertThat(crashed).isTrue();
            String why = r.outcome() + ": " + r.message() + " " + r.manual();
            // beta was sent a promote and cannot be asked: alpha must not be made a second Primary
            assertThat(r.outcome()).as(why).isEqualTo(Outcome.MANUAL);
            assertThat(role("alpha")).as(why).isEqualTo("Secondary");
            assertThat(r.manual()).as(why).anyMatch(l -> l.startsWith("on beta: drbdadm secondary r0"));
            invariants(r);
        } finally {
            LabNodes.script(labDir, "./up"); // boots beta again; its resources come back Secondary
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> role("beta") != null);
        restore();
    }
}
