// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ops.workload.Workloads;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Migration against the real lab (DRBD 8.4.11 kernel, no hypervisor, no systemd): a service (ext4 on r0 and a SysV
 * init script whose process keeps writing to it) moved cold from alpha to beta and back, its data checked with
 * sha256; and the dual-primary window on r1 driven by hand against the kernel: the refusal without protocol C (139),
 * two Primaries, the refusal to clear it while both are Primary (164), and back to one. Leaves the baseline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationLabIT {

    /** Appends a timestamp to /mnt/pilot/log every 0.2 s, holding the file (and so the filesystem) open. */
    static final String INIT_SCRIPT = """
            #!/bin/sh
            # pilot-writer: a small service for DRBD Pilot's lab test
            PID=/run/pilot-writer.pid
            case "$1" in
            start)
                [ -f $PID ] && kill -0 "$(cat $PID)" 2>/dev/null && exit 0
                start-stop-daemon --start --background --make-pidfile --pidfile $PID --exec /bin/sh -- -c \
                    'exec 3>>/mnt/pilot/log; while :; do date +%s.%N >&3; sleep 0.2 3>&-; done' ;;
            stop)
                start-stop-daemon --stop --pidfile $PID --retry 5 --oknodo >/dev/null; rm -f $PID ;;
            status)
                [ -f $PID ] && kill -0 "$(cat $PID)" 2>/dev/null ;;
            *) echo "usage: $0 start|stop|status"; exit 2 ;;
            esac
            """;

    private static ClusterMonitor monitor;
    private static SshNodeAccess access;
    private static final List<String> NODES = List.of("alpha", "beta");

    @BeforeAll
    static void start() {
        String nodes = System.getProperty("lab.nodes", "");
        assumeThat(nodes.split(",")).hasSizeGreaterThanOrEqualTo(2);
        List<String> specs = List.of(nodes.split(","));
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

    private static ResourceState res(String node, String name) {
        return monitor.snapshot().node(node).flatMap(v -> v.resource(name)).orElse(null);
    }

    private static boolean healthy(String node, String name) {
        ResourceState r = res(node, name);
        return r != null && r.connections().get(0).connection().is(CState.CONNECTED)
                && r.devices().get(0).disk().is(DiskState.UP_TO_DATE)
                && r.connections().get(0).peerDevices().get(0).peerDisk().is(DiskState.UP_TO_DATE);
    }

    private static Role role(String node, String name) {
        ResourceState r = res(node, name);
        return r == null ? Role.UNKNOWN : r.role().value();
    }

    private static void awaitBaseline() {
        await().atMost(Duration.ofSeconds(120)).until(() -> NODES.stream().allMatch(n -> healthy(n, "r0")
                && healthy(n, "r1")) && role("alpha", "r0") == Role.PRIMARY && role("beta", "r0") == Role.SECONDARY
                && role("alpha", "r1") == Role.SECONDARY && role("beta", "r1") == Role.SECONDARY);
    }

    private static Migration cold(Workload w, String to) {
        return new Migration(access, NODES, w, to, Migration.Mode.COLD, new Migration.Options(
                Path.of("target/lab-audit.jsonl"), "MigrationLabIT", Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofMinutes(5)));
    }

    private static Workload find(String what) throws InterruptedException {
        Workloads.Found f = Workloads.discover(new Probe(access), NODES);
        assertThat(f.errors()).isEmpty();
        return f.find(what).orElseThrow(() -> new AssertionError(what + " not found in " + f.workloads()));
    }

    private static long lines(String node) throws Exception {
        CommandResult r = sh(node, "wc", "-l", "/mnt/pilot/log");
        return r.ok() ? Long.parseLong(r.stdout().strip().split("\\s+")[0]) : 0;
    }

    /** Stops the writer, kills what still holds the filesystem, and unmounts it (each may fail: nothing there). */
    private static void cleanUp(String node) throws Exception {
        sh(node, "sh", "-c", "[ -x /etc/init.d/pilot-writer ] && /etc/init.d/pilot-writer stop; "
                + "grep -q ' /mnt/pilot ' /proc/mounts || exit 0; fuser -km /mnt/pilot; sleep 0.5; umount /mnt/pilot");
        assertThat(sh(node, "cat", "/proc/mounts").stdout()).as("/mnt/pilot left mounted on " + node)
                .doesNotContain(" /mnt/pilot ");
    }

    @Test
    @Order(1)
    void movesAServiceColdToBetaAndBackWithItsDataIntact() throws Exception {
        for (String n : NODES) {
            cleanUp(n); // what an interrupted run may have left
            assertThat(sh(n, "sh", "-c", "printf '%s' \"$1\" > /etc/init.d/pilot-writer && chmod 755 "
                    + "/etc/init.d/pilot-writer && mkdir -p /mnt/pilot", "w", INIT_SCRIPT).ok()).isTrue();
        }
        try {
            CommandResult mount = sh("alpha", "mount", "/dev/drbd0", "/mnt/pilot");
            assertThat(mount.ok()).as(mount.stderr()).isTrue();
            assertThat(sh("alpha", "sh", "-c", "rm -f /mnt/pilot/log; dd if=/dev/urandom of=/mnt/pilot/data bs=64k "
                    + "count=64 2>/dev/null && sync").ok()).isTrue();
            String sum = sh("alpha", "sha256sum", "/mnt/pilot/data").stdout().split("\\s+")[0];
            assertThat(sh("alpha", "/etc/init.d/pilot-writer", "start").ok()).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> lines("alpha") >= 3);
            String first = sh("alpha", "head", "-n", "1", "/mnt/pilot/log").stdout().strip();

            // the filesystem is found on r0; the SysV service is named (no systemd to say it needs the mount)
            Workload w = find("/mnt/pilot");
            assertThat(w.kind()).isEqualTo(Workload.Kind.SERVICE);
            assertThat(w.node()).isEqualTo("alpha");
            assertThat(w.resources()).containsExactly("r0");
            w = w.withUnits(List.of("pilot-writer"));

            long t0 = System.nanoTime();
            PlanResult there = cold(w, "beta").execute(PlanListener.NONE, Decider.ABORT);
            long thereMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(there.outcome()).as(there.message()).isEqualTo(Outcome.DONE);
            assertThat(there.steps()).extracting(s -> s.title()).containsExactly("Stop pilot-writer on alpha",
                    "Unmount /mnt/pilot on alpha", "Demote alpha to Secondary (r0)",
                    "Re-verify beta, then promote it to Primary (r0)", "Mount /dev/drbd0 on /mnt/pilot on beta",
                    "Start pilot-writer on beta");
            assertThat(sh("beta", "sha256sum", "/mnt/pilot/data").stdout().split("\\s+")[0]).isEqualTo(sum);
            assertThat(sh("beta", "head", "-n", "1", "/mnt/pilot/log").stdout().strip()).isEqualTo(first);
            assertThat(sh("beta", "/etc/init.d/pilot-writer", "status").ok()).isTrue();
            assertThat(sh("alpha", "/etc/init.d/pilot-writer", "status").ok()).isFalse();
            long onBeta = lines("beta");
            await().atMost(Duration.ofSeconds(20)).until(() -> lines("beta") > onBeta); // it writes there now

            Workload back = find("/mnt/pilot").withUnits(List.of("pilot-writer"));
            assertThat(back.node()).isEqualTo("beta");
            long t1 = System.nanoTime();
            PlanResult home = cold(back, "alpha").execute(PlanListener.NONE, Decider.ABORT);
            long backMs = (System.nanoTime() - t1) / 1_000_000;
            assertThat(home.outcome()).as(home.message()).isEqualTo(Outcome.DONE);
            assertThat(sh("alpha", "sha256sum", "/mnt/pilot/data").stdout().split("\\s+")[0]).isEqualTo(sum);
            assertThat(sh("alpha", "head", "-n", "1", "/mnt/pilot/log").stdout().strip()).isEqualTo(first);
            assertThat(sh("alpha", "/etc/init.d/pilot-writer", "status").ok()).isTrue();
            assertThat(sh("beta", "cat", "/proc/mounts").stdout()).doesNotContain("/mnt/pilot");
            String fig = String.format("lab cold migration of a service (ext4 on r0 + a writer), there %d ms, back "
                    + "%d ms%n", thereMs, backMs);
            System.out.print(fig);
            Files.writeString(Path.of("target/lab-migration-figures.txt"), fig);
        } finally {
            for (String n : NODES) {
                cleanUp(n);
            }
            if (role("alpha", "r0") != Role.PRIMARY) {
                sh("beta", "drbdadm", "secondary", "r0");
                sh("alpha", "drbdadm", "primary", "r0");
            }
            for (String n : NODES) {
                sh(n, "rm", "-f", "/etc/init.d/pilot-writer");
            }
            awaitBaseline();
        }
    }

    @Test
    @Order(2)
    void dualPrimaryOnR1AgainstTheRealKernel() throws Exception {
        Probe probe = new Probe(access);
        try {
            assertThat(probe.dualPrimary("alpha", "r1")).isFalse();
            assertThat(probe.dualPrimary("beta", "r1")).isFalse();

            // without protocol C the kernel refuses it, and nothing changes
            CommandResult noC = sh("alpha", "drbdadm", "net-options", "--protocol=A", "--allow-two-primaries=yes",
                    "r1");
            assertThat(noC.exitCode()).isEqualTo(10);
            assertThat(noC.stderr()).contains("Failure: (139) Protocol C required");
            assertThat(probe.dualPrimary("alpha", "r1")).isFalse();
            assertThat(sh("alpha", "drbdsetup", "show", "--show-defaults", "r1").stdout()).containsPattern(
                    "protocol\\s+C;");

            // enabled at runtime on one node, the peer takes it over the connection
            assertThat(access.run("alpha", DrbdCommands.allowTwoPrimaries("r1", true), Duration.ofSeconds(30)).ok())
                    .isTrue();
            assertThat(probe.dualPrimary("alpha", "r1")).isTrue();
            assertThat(probe.dualPrimary("beta", "r1")).isTrue();
            assertThat(sh("alpha", "drbdadm", "primary", "r1").ok()).isTrue();
            assertThat(sh("beta", "drbdadm", "primary", "r1").ok()).isTrue();
            assertThat(probe.read("alpha", "alpha", "r1").isPrimary()).isTrue();
            assertThat(probe.read("beta", "beta", "r1").describe("alpha")).startsWith("beta: Primary")
                    .contains("peer Primary");

            // it cannot be cleared while both are Primary
            CommandResult clear = access.run("alpha", DrbdCommands.allowTwoPrimaries("r1", false),
                    Duration.ofSeconds(30));
            assertThat(clear.exitCode()).isEqualTo(10);
            assertThat(clear.stderr()).contains("(164)");

            // demote one, then clear it: one Primary, and a second promotion is refused again
            assertThat(sh("beta", "drbdadm", "secondary", "r1").ok()).isTrue();
            assertThat(access.run("alpha", DrbdCommands.allowTwoPrimaries("r1", false), Duration.ofSeconds(30)).ok())
                    .isTrue();
            assertThat(probe.dualPrimary("alpha", "r1")).isFalse();
            assertThat(probe.dualPrimary("beta", "r1")).isFalse();
            CommandResult second = sh("beta", "drbdadm", "primary", "r1");
            assertThat(second.ok()).isFalse();
            assertThat(second.stderr()).contains("(-1) Multiple primaries not allowed by config");
        } finally {
            sh("beta", "drbdadm", "secondary", "r1");
            sh("alpha", "drbdadm", "secondary", "r1");
            sh("alpha", "drbdadm", "adjust", "r1");
            sh("beta", "drbdadm", "adjust", "r1");
            awaitBaseline();
        }
    }
}
