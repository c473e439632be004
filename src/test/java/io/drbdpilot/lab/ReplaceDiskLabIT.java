// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.disk.DiskChecks;
import io.drbdpilot.ops.disk.ReplaceDisk;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ssh.CommandResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replacing beta's r1 disk on the real DRBD 8.4 kernel, as the issue asks: r1 taken down on beta and its metadata wiped
 * (a new, blank disk); the checks refuse a device that holds metadata until confirmed, then the plan: create-md, up,
 * the full resync from alpha, UpToDate, and the data equal to alpha's. The lab is left at its baseline.
 */
class ReplaceDiskLabIT {

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
            CommandResult sig = LabNodes.root(access, "beta", "blkid", "-p", "-o", "export", "/dev/vdc");
            if (sig.exitCode() == 2) { // a failed run left a blank disk: give it metadata again
                LabNodes.root(access, "beta", "drbdadm", "down", "r1");
                LabNodes.root(access, "beta", "drbdadm", "create-md", "r1");
            }
            LabNodes.root(access, "beta", "drbdadm", "adjust", "r1");
            LabNodes.awaitR1Baseline(access);
        } finally {
            if (monitor != null) {
                monitor.close();
            }
        }
    }

    private ReplaceDisk plan(String confirm) {
        return new ReplaceDisk(access, "r1", "beta", List.of("alpha", "beta"), null, confirm, new ReplaceDisk.Options(
                Path.of("target/lab-audit.jsonl"), "ReplaceDiskLabIT", Duration.ofSeconds(60), Duration.ofMinutes(10)));
    }

    private String sha(String node) throws Exception {
        assertThat(LabNodes.root(access, node, "drbdadm", "primary", "r1").exitCode()).isZero();
        try {
            return LabNodes.sha256(access, node);
        } finally {
            LabNodes.root(access, node, "drbdadm", "secondary", "r1");
        }
    }

    @Test
    void replacesBetasWipedDiskAndResyncsItInFullFromAlpha() throws Exception {
        LabNodes.awaitR1Baseline(access);
        String alphaData = sha("alpha");
        assertThat(LabNodes.root(access, "beta", "drbdadm", "down", "r1").exitCode()).isZero();

        DiskChecks.Result old = plan(null).check();
        assertThat(old.checks()).as("the old disk still holds its metadata").anyMatch(k -> k.id().equals("device-0")
                && k.status() == Check.Status.BLOCK && k.reason().contains("holds DRBD metadata"));

        CommandResult wipe = LabNodes.root(access, "beta", "wipefs", "-a", "/dev/vdc");
        assertThat(wipe.exitCode()).as(wipe.stderr()).isZero();
        // wipefs leaves an old disk's data; drbdmeta create-md asks before overwriting data in its first 68 KiB
        // (a CI run here: "Do you want to proceed?"), so the checks ask for the operator's word first
        assertThat(LabNodes.root(access, "beta", "dd", "if=/dev/urandom", "of=/dev/vdc", "bs=4096", "count=1",
                "conv=fsync").exitCode()).isZero();
        DiskChecks.Result used = plan(null).check();
        assertThat(used.checks()).as("an old disk's data").anyMatch(k -> k.id().equals("device-0")
                && k.status() == Check.Status.BLOCK && k.reason().contains("holds data at its start"));
        // a new disk: zeros where drbdmeta looks
        assertThat(LabNodes.root(access, "beta", "dd", "if=/dev/zero", "of=/dev/vdc", "bs=4096", "count=17",
                "conv=fsync").exitCode()).isZero();
        ReplaceDisk p = plan(null);
        DiskChecks.Result checked = p.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(checked.state()).isEqualTo("down");
        assertThat(checked.good()).isEqualTo("alpha");
        assertThat(checked.checks()).anyMatch(k -> k.id().equals("device-0") && k.reason().contains("/dev/vdc is "
                + "64 MiB") && k.reason().contains("blank"));
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message() + " " + r.manual()).isEqualTo(Outcome.DONE);
        assertThat(LabNodes.proc(access, "beta")).contains(" 1: cs:Connected ro:Secondary/Secondary "
                + "ds:UpToDate/UpToDate");
        assertThat(sha("alpha")).as("alpha's data unchanged").isEqualTo(alphaData);
        assertThat(sha("beta")).as("beta's new disk holds alpha's data").isEqualTo(alphaData);
    }
}
