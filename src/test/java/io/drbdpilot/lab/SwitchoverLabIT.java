// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.switchover.Switchover;
import io.drbdpilot.ops.switchover.SwitchoverRequest;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.OpenSshConfig;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The verified switchover against the real lab (DRBD 8.4.11 kernel): there and back with ext4 and a file, blocked
 * while r0 resyncs, a demote refused by a mounted filesystem, a cut link, and the lock. Leaves the lab in its
 * baseline: r0 Primary on alpha, not mounted. Prints the wall time against bare drbdadm over ssh.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwitchoverLabIT {

    private static ClusterMonitor monitor;
    private static SshNodeAccess access;
    private static Path labDir;
    private static List<String> specs;

    @BeforeAll
    static void start() {
        String nodes = System.getProperty("lab.nodes", "");
        assumeThat(nodes.split(",")).hasSizeGreaterThanOrEqualTo(2);
        labDir = Path.of(System.getProperty("lab.faultCommand", "../shared/lab/fault")).getParent();
        specs = List.of(nodes.split(","));
        monitor = LabNodes.monitor(specs);
        access = new SshNodeAccess(monitor, Clock.systemUTC());
        awaitBaseline();
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private static CommandResult sh(String node, String... argv) throws Exception {
        return access.run(node, RemoteCommand.of(argv), Duration.ofSeconds(60));
    }

    private static Role role(String node) {
        return monitor.snapshot().node(node).flatMap(v -> v.resource("r0")).map(r -> r.role().value())
                .orElse(Role.UNKNOWN);
    }

    private static boolean healthy(String node) {
        ResourceState r = monitor.snapshot().node(node).flatMap(v -> v.resource("r0")).orElse(null);
        return r != null && r.connections().get(0).connection().is(CState.CONNECTED)
                && r.devices().get(0).disk().is(DiskState.UP_TO_DATE)
                && r.connections().get(0).peerDevices().get(0).peerDisk().is(DiskState.UP_TO_DATE);
    }

    private static void awaitBaseline() {
        await().atMost(Duration.ofSeconds(120)).until(() -> healthy("alpha") && healthy("beta")
                && role("alpha") == Role.PRIMARY);
    }

    private static Switchover plan(SwitchoverRequest req) {
        return new Switchover(access, List.of("alpha", "beta"), req, new Switchover.Options(
                Path.of("target/lab-audit.jsonl"), "SwitchoverLabIT", Duration.ofSeconds(30)));
    }

    private static SwitchoverRequest withFs(String target) {
        return new SwitchoverRequest("r0", target, null, List.of("/mnt/r0"), List.of(), List.of(),
                List.of("/mnt/r0"), List.of(), List.of());
    }

    @Test
    @Order(1)
    void thereAndBackWithExt4AndAFile() throws Exception {
        String token = "written on alpha " + UUID.randomUUID();
        assertThat(sh("alpha", "mkdir", "-p", "/mnt/r0").ok()).isTrue();
        assertThat(sh("alpha", "mount", "/dev/drbd0", "/mnt/r0").ok()).isTrue();
        assertThat(sh("alpha", "sh", "-c", "printf '%s\\n' \"$1\" > /mnt/r0/pilot.txt && sync", "w", token).ok())
                .isTrue();

        PlanResult there = plan(withFs("beta")).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(there.outcome()).as(there.message()).isEqualTo(Outcome.DONE);
        assertThat(sh("beta", "cat", "/mnt/r0/pilot.txt").stdout().strip()).isEqualTo(token);
        assertThat(sh("alpha", "cat", "/proc/mounts").stdout()).doesNotContain("/mnt/r0");

        PlanResult back = plan(withFs("alpha")).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(back.outcome()).as(back.message()).isEqualTo(Outcome.DONE);
        assertThat(sh("alpha", "cat", "/mnt/r0/pilot.txt").stdout().strip()).isEqualTo(token);
        assertThat(sh("alpha", "umount", "/mnt/r0").ok()).isTrue();
        assertThat(sh("beta", "logger", "--version").ok()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> role("alpha") == Role.PRIMARY);
    }

    @Test
    @Order(2)
    void wallTimeAgainstBareDrbdadmOverSsh() throws Exception {
        // bare: what an admin types, one ssh per command
        long bare = Long.MAX_VALUE;
        long engine = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            bareSsh(0, "drbdadm", "secondary", "r0"); // alpha → beta
            bareSsh(1, "drbdadm", "primary", "r0");
            bareSsh(1, "drbdadm", "secondary", "r0"); // and back
            bareSsh(0, "drbdadm", "primary", "r0");
            bare = Math.min(bare, (System.nanoTime() - t0) / 2); // per move
            awaitBaseline();
            long t1 = System.nanoTime();
            assertThat(plan(SwitchoverRequest.of("r0", "beta")).execute(PlanListener.NONE, Decider.ABORT)
                    .outcome()).isEqualTo(Outcome.DONE);
            assertThat(plan(SwitchoverRequest.of("r0", "alpha")).execute(PlanListener.NONE, Decider.ABORT)
                    .outcome()).isEqualTo(Outcome.DONE);
            engine = Math.min(engine, (System.nanoTime() - t1) / 2);
            awaitBaseline();
        }
        String fig = String.format("lab switchover, per move (best of 3): bare drbdadm over ssh %d ms, DRBD Pilot "
                + "(lock, checks, demote, re-verify, promote, confirmation, audit) %d ms, overhead %d ms%n",
                bare / 1_000_000, engine / 1_000_000, (engine - bare) / 1_000_000);
        System.out.print(fig);
        Files.writeString(Path.of("target/lab-switchover-figures.txt"), fig);
    }

    private static void bareSsh(int node, String... cmd) throws Exception {
        SshTarget t = OpenSshConfig.empty(Path.of("/root"), "root").resolve(specs.get(node));
        List<String> argv = new ArrayList<>(List.of("ssh", "-n", "-i", System.getProperty("lab.identity"), "-o",
                "UserKnownHostsFile=" + System.getProperty("lab.knownHosts"), "-o", "BatchMode=yes", "-p",
                Integer.toString(t.port()), t.user() + "@" + t.host()));
        argv.addAll(List.of(cmd));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    }

    @Test
    @Order(3)
    void demoteRefusedBecauseTheFilesystemIsMountedIsACleanAbort() throws Exception {
        sh("alpha", "mkdir", "-p", "/mnt/r0");
        assertThat(sh("alpha", "mount", "/dev/drbd0", "/mnt/r0").ok()).isTrue();
        try {
            PlanResult r = plan(SwitchoverRequest.of("r0", "beta")).execute(PlanListener.NONE,
                    Decider.ABORT);
            assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.ROLLED_BACK);
            assertThat(r.message()).contains("(-12) Device is held open by someone").contains("mounted on /mnt/r0");
            assertThat(r.checks()).anyMatch(c -> c.id().equals("users") && c.reason().contains("/mnt/r0"));
            assertThat(sh("alpha", "cat", "/proc/mounts").stdout()).contains("/mnt/r0");
            assertThat(role("alpha")).isEqualTo(Role.PRIMARY);
        } finally {
            sh("alpha", "umount", "/mnt/r0");
        }
    }

    @Test
    @Order(4)
    void theLockRefusesASecondAdminWithTheHolder() throws Exception {
        try (ResourceLock held = ResourceLock.acquire(access, List.of("alpha", "beta"), "r0", "bob@ws2 since 10:00")) {
            assertThat(held.lost()).isEmpty();
            assertThatThrownBy(() -> ResourceLock.acquire(access, List.of("beta"), "r0", "alice"))
                    .isInstanceOf(ResourceLock.Refused.class).hasMessageContaining("bob@ws2 since 10:00");
            PlanResult r = plan(SwitchoverRequest.of("r0", "beta")).execute(PlanListener.NONE,
                    Decider.ABORT);
            assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
        }
        // released with the channel: the next one gets it
        ResourceLock.acquire(access, List.of("alpha", "beta"), "r0", "carol").close();
    }

    @Test
    @Order(5)
    void blockedWhileR0Resyncs() throws Exception {
        assertThat(sh("beta", "drbdadm", "disk-options", "--c-plan-ahead=0", "--resync-rate=1M", "r0").ok()).isTrue();
        assertThat(sh("alpha", "drbdadm", "disk-options", "--c-plan-ahead=0", "--resync-rate=1M", "r0").ok())
                .isTrue();
        try {
            assertThat(sh("beta", "drbdadm", "invalidate", "r0").ok()).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> !healthy("beta"));
            PlanResult r = plan(SwitchoverRequest.of("r0", "beta")).execute(PlanListener.NONE,
                    Decider.ABORT);
            assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
            assertThat(r.checks()).anyMatch(c -> c.id().equals("resync") && c.reason().contains("resync"));
            assertThat(role("alpha")).isEqualTo(Role.PRIMARY);
        } finally {
            sh("alpha", "drbdadm", "adjust", "r0");
            sh("beta", "drbdadm", "adjust", "r0");
            awaitBaseline();
        }
    }

    @Test
    @Order(6)
    void blockedWhenTheLinkIsCut() throws Exception {
        LabNodes.script(labDir, "./fault", "alpha", "cut");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !healthy("alpha"));
            PlanResult r = plan(SwitchoverRequest.of("r0", "beta")).execute(PlanListener.NONE,
                    Decider.ABORT);
            assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
            assertThat(r.checks()).anyMatch(c -> c.id().equals("connected") && c.status().name().equals("BLOCK"));
            assertThat(role("alpha")).isEqualTo(Role.PRIMARY);
        } finally {
            LabNodes.script(labDir, "./fault", "alpha", "heal");
            awaitBaseline();
        }
    }

}
