// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.drbd.inspect.VerifyLog;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.verify.Verify;
import io.drbdpilot.ops.verify.VerifyChecks;
import io.drbdpilot.ssh.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Online verify on the real DRBD 8.4 kernel: 1 MiB of beta's r1 backing device (/dev/vdc) overwritten behind DRBD's
 * back at 1 MiB (the lab's metadata is internal, at the end), verify finds it as the kernel reports it, the resync
 * from alpha repairs it, a second verify finds nothing, and sha256 of the device is alpha's on both nodes. The
 * verify-alg is set at runtime only; {@code adjust} at the end returns r1 to its configuration.
 */
class VerifyLabIT {

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
                root(n, "drbdadm", "secondary", "r1");
                root(n, "drbdadm", "adjust", "r1");
            }
            LabNodes.awaitR1Baseline(access);
        } finally {
            if (monitor != null) {
                monitor.close();
            }
        }
    }

    private CommandResult root(String node, String... argv) throws Exception {
        return LabNodes.root(access, node, argv);
    }

    private String proc(String node) {
        return LabNodes.proc(access, node);
    }

    /** sha256 of r1's device as a Primary reads it (8.4 opens no Secondary), then Secondary again. */
    private String sha(String node) throws Exception {
        assertThat(root(node, "drbdadm", "primary", "r1").exitCode()).isZero();
        try {
            return LabNodes.sha256(access, node);
        } finally {
            root(node, "drbdadm", "secondary", "r1");
        }
    }

    private Verify plan(String resyncFrom) {
        return new Verify(access, "r1", "alpha", "beta", resyncFrom, new Verify.Options(
                Path.of("target/lab-audit.jsonl"), "VerifyLabIT", Duration.ofSeconds(30), Duration.ofMinutes(10),
                Path.of("target/lab-verify-history.jsonl")));
    }

    @Test
    void findsWhatWasWrittenBehindDrbdsBackAndResyncsItFromAlpha() throws Exception {
        LabNodes.awaitR1Baseline(access);
        VerifyChecks.Result none = plan(null).check();
        assertThat(none.checks()).anySatisfy(k -> assertThat(k.id() + " " + k.status()).isEqualTo(
                "verify-alg BLOCK"));
        for (String n : List.of("alpha", "beta")) {
            assertThat(root(n, "drbdadm", "net-options", "--verify-alg=sha1", "r1").exitCode()).isZero();
        }
        String alphaData = sha("alpha");
        CommandResult dd = root("beta", "dd", "if=/dev/urandom", "of=/dev/vdc", "bs=1M", "seek=1", "count=1",
                "oflag=direct", "conv=notrunc");
        assertThat(dd.exitCode()).as(dd.stderr()).isZero();

        Verify v = plan(null);
        VerifyChecks.Result checked = v.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        PlanResult r = v.execute(PlanListener.NONE, Decider.ABORT, checked);
        CommandResult dmesg = root("alpha", "dmesg");
        Files.writeString(Path.of("target/lab-verify-dmesg.txt"), String.join("\n", dmesg.stdout().lines()
                .filter(l -> l.contains("drbd1") || l.contains("drbd r1")).toList()) + "\n### alpha$ cat /proc/drbd\n"
                + proc("alpha") + "### beta$ cat /proc/drbd\n" + proc("beta"));
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        VerifyLog.Result found = v.lastFound();
        assertThat(found.outOfSyncKiB()).as(r.message()).isEqualTo(1024);
        assertThat(found.ranges()).as(r.message()).isNotEmpty();
        assertThat(found.ranges().get(0).startKiB()).isEqualTo(1024);

        Verify fix = plan("alpha");
        PlanResult fixed = fix.execute(PlanListener.NONE, Decider.ABORT, fix.check());
        assertThat(fixed.outcome()).as(fixed.message() + " " + fixed.manual()).isEqualTo(Outcome.DONE);
        Files.writeString(Path.of("target/lab-verify-dmesg.txt"), "\n### after the resync\n" + String.join("\n",
                root("alpha", "dmesg").stdout().lines().filter(l -> l.contains("drbd1") || l.contains("drbd r1"))
                        .toList()) + "\n", StandardOpenOption.APPEND);
        assertThat(fixed.message()).contains("resynced from alpha");

        PlanResult again = plan(null).execute(PlanListener.NONE, Decider.ABORT, null);
        assertThat(again.message()).as(again.message()).contains("nothing out of sync");
        assertThat(sha("alpha")).as("alpha's data unchanged").isEqualTo(alphaData);
        assertThat(sha("beta")).as("beta holds alpha's data").isEqualTo(alphaData);
    }
}
