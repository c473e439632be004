// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.config.Resize;
import io.drbdpilot.ops.config.ResizeChecks;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ssh.CommandResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Growing a resource on the real DRBD 8.4 kernel. The lab's disks cannot grow and back, so the test makes its own
 * resource {@code rg} on a loop device over a 32 MiB file on alpha and beta (minor 7, port 7797, ext4 mounted on
 * alpha), grows the files to 48 MiB one node at a time ({@code losetup -c}), and checks what the plan says and does:
 * blocked while a node has not grown, then {@code drbdadm resize}, the new size on both nodes, the new area resynced,
 * the filesystem grown online with its data intact (ext4 with 4 KiB blocks: the lab's kernel cannot grow a 32 MiB ext4
 * with 1 KiB blocks online, "No space left on device", which the plan reports as MANUAL). Everything of rg is removed after; the lab's own resources are
 * never touched.
 */
class ResizeLabIT {

    private static final String RES = "rg";
    private static final String IMG = "/var/tmp/drbd-pilot-rg.img";
    private static final String LOOP = "/dev/loop7";
    private static final String FILE = "/etc/drbd.d/rg.res";
    private static final List<String> NODES = List.of("alpha", "beta");
    private static final String CONFIG = """
            # made by DRBD Pilot's ResizeLabIT, removed after it
            resource rg {
            	device		/dev/drbd7 minor 7;
            	disk		/dev/loop7;
            	meta-disk	internal;
            	net {
            		protocol C;
            	}
            	disk {
            		c-plan-ahead 0;
            		resync-rate 40M;
            	}
            	on alpha {
            		address	10.99.0.11:7797;
            	}
            	on beta {
            		address	10.99.0.12:7797;
            	}
            }
            """;
    private ClusterMonitor monitor;
    private SshNodeAccess access;

    @BeforeEach
    void start() throws Exception {
        String nodes = System.getProperty("lab.nodes", "");
        assumeThat(nodes.split(",")).hasSizeGreaterThanOrEqualTo(2);
        monitor = LabNodes.monitor(List.of(nodes.split(",")));
        access = new SshNodeAccess(monitor, Clock.systemUTC());
        teardown();
        for (String n : NODES) {
            sh(n, "modprobe loop && truncate -s 32M " + IMG + " && losetup " + LOOP + " " + IMG);
            sh(n, "printf '%s' \"$1\" > " + FILE, CONFIG);
            sh(n, "drbdadm create-md --force rg && drbdadm up rg");
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                out("alpha", "drbdadm cstate rg").equals("Connected"));
        sh("alpha", "drbdadm primary --force rg");
        awaitInSync();
        sh("alpha", "mkfs.ext4 -q -b 4096 -L rgdata /dev/drbd7 && mkdir -p /mnt/rg && mount /dev/drbd7 /mnt/rg && dd "
                + "if=/dev/urandom of=/mnt/rg/data bs=64k count=64 2>/dev/null && sync");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            teardown();
            for (String n : NODES) {
                assertThat(out(n, "cat /proc/drbd")).as(n + ": rg is gone").doesNotContain(" 7: cs:");
            }
        } finally {
            if (monitor != null) {
                monitor.close();
            }
        }
    }

    /** rg away on both nodes, whatever state it is in; the lab's resources are left alone. */
    private void teardown() throws Exception {
        for (String n : NODES) {
            LabNodes.root(access, n, "sh", "-c", "umount /mnt/rg 2>/dev/null; [ -f " + FILE + " ] && drbdadm down rg; "
                    + "rm -f " + FILE + "; losetup -d " + LOOP + " 2>/dev/null; rm -f " + IMG + "; true");
        }
    }

    private CommandResult sh(String node, String script, String... args) throws Exception {
        String[] argv = new String[3 + 1 + args.length];
        argv[0] = "sh";
        argv[1] = "-c";
        argv[2] = script;
        argv[3] = "sh";
        System.arraycopy(args, 0, argv, 4, args.length);
        CommandResult r = LabNodes.root(access, node, argv);
        assertThat(r.exitCode()).as(node + ": " + script + ": " + r.stderr()).isZero();
        return r;
    }

    private String out(String node, String script) throws Exception {
        return LabNodes.root(access, node, "sh", "-c", script).stdout().strip();
    }

    private void awaitInSync() {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                out("alpha", "drbdadm dstate rg").equals("UpToDate/UpToDate")
                && out("alpha", "drbdadm cstate rg").equals("Connected"));
    }

    private static void note(String line) throws Exception {
        Path notes = Path.of("target", "lab-notes.txt");
        Files.createDirectories(notes.getParent());
        Files.writeString(notes, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private Resize plan() {
        return new Resize(access, RES, NODES, true, false, new Resize.Options(Path.of("target/lab-audit.jsonl"),
                "ResizeLabIT", Duration.ofSeconds(60), Duration.ofMinutes(5)));
    }

    private static Check check(ResizeChecks.Result c, String id) {
        return c.checks().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void blockedUntilBothNodesGrewThenGrowsDrbdAndTheFilesystemOnline() throws Exception {
        String sum = out("alpha", "sha256sum /mnt/rg/data");
        long drbdBefore = Long.parseLong(out("beta", "echo $(( $(cat /sys/block/drbd7/size) * 512 ))"));
        long fsBefore = Long.parseLong(out("alpha", "df -B1 --output=size /mnt/rg | tail -1"));
        ResizeChecks.Result none = plan().check();
        assertThat(check(none, "grown").status()).as(none.checks().toString()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(none, "grown").reason()).contains("alpha's /dev/loop7").contains("beta's /dev/loop7");

        sh("alpha", "truncate -s 48M " + IMG + " && losetup -c " + LOOP);
        ResizeChecks.Result half = plan().check();
        assertThat(check(half, "grown").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(half, "grown").reason()).doesNotContain("alpha's /dev/loop7").contains("beta's /dev/loop7");

        sh("beta", "truncate -s 48M " + IMG + " && losetup -c " + LOOP);
        Resize p = plan();
        ResizeChecks.Result ready = p.check();
        assertThat(ready.blocked()).as(ready.checks().toString()).isFalse();
        assertThat(check(ready, "fs").reason()).contains("ext4 on /mnt/rg grows online on alpha");
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, ready);
        note("resize rg 32 -> 48 MiB on the real kernel: " + r.outcome() + " in " + r.elapsed().toMillis() + " ms: "
                + r.message());
        note("  estimate: " + check(ready, "grown").reason());
        assertThat(r.outcome()).as(r.message() + " " + r.manual()).isEqualTo(Outcome.DONE);

        long alpha = Long.parseLong(out("alpha", "echo $(( $(cat /sys/block/drbd7/size) * 512 ))"));
        long beta = Long.parseLong(out("beta", "echo $(( $(cat /sys/block/drbd7/size) * 512 ))"));
        note("  DRBD size before " + drbdBefore + " after " + alpha + " (estimated " + ready.newBytes() + ")");
        assertThat(alpha).isEqualTo(beta).isGreaterThan(drbdBefore + 15L * 1024 * 1024);
        assertThat(ready.newBytes().get(0)).as("the estimate is the kernel's size within 64 KiB")
                .isBetween(alpha - 65536, alpha + 65536);
        assertThat(out("alpha", "drbdadm dstate rg")).isEqualTo("UpToDate/UpToDate");
        long fsAfter = Long.parseLong(out("alpha", "df -B1 --output=size /mnt/rg | tail -1"));
        assertThat(fsAfter).isGreaterThan(fsBefore + 14L * 1024 * 1024);
        assertThat(out("alpha", "sha256sum /mnt/rg/data")).isEqualTo(sum);
        note("  kernel: " + String.join(" | ", out("alpha", "dmesg | grep -E 'drbd7|drbd rg' | tail -8").lines()
                .toList()));

        // nothing left to grow: the checks say so, and the kernel's refusal without a Primary is what the sim says
        assertThat(check(plan().check(), "grown").status()).isEqualTo(Check.Status.BLOCK);
        sh("alpha", "umount /mnt/rg && drbdadm secondary rg");
        CommandResult refused = LabNodes.root(access, "alpha", "drbdadm", "resize", "rg");
        note("  resize with no Primary: exit " + refused.exitCode() + ": " + refused.stderr().strip());
        assertThat(refused.stderr()).contains("(131) Need one Primary node to resize");
    }
}
