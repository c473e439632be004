// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.config.Adjust;
import io.drbdpilot.ops.config.AdjustChecks;
import io.drbdpilot.ops.config.ConfigDrift;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift and a previewed adjust on the real DRBD 8.4 kernel, as the issue asks: resync-rate changed in r1's file on
 * both nodes, the drift seen, the adjust previewed and applied, the kernel running the new value (drbdsetup show);
 * then the files made to differ between alpha and beta: the refusal with the diff. The files are restored and the lab
 * left at its baseline.
 */
class AdjustLabIT {

    private static final String FILE = "/etc/drbd.d/r1.res";
    private static final List<String> NODES = List.of("alpha", "beta");
    private ClusterMonitor monitor;
    private SshNodeAccess access;

    @BeforeEach
    void start() throws Exception {
        String nodes = System.getProperty("lab.nodes", "");
        assumeThat(nodes.split(",")).hasSizeGreaterThanOrEqualTo(2);
        monitor = LabNodes.monitor(List.of(nodes.split(",")));
        access = new SshNodeAccess(monitor, Clock.systemUTC());
        LabNodes.awaitR1Baseline(access);
        for (String n : NODES) {
            assertThat(LabNodes.root(access, n, "cp", "-p", FILE, "/root/r1.res.adjustlabit").exitCode()).isZero();
        }
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (String n : NODES) {
                assertThat(LabNodes.root(access, n, "cp", "-p", "/root/r1.res.adjustlabit", FILE).exitCode()).isZero();
                LabNodes.root(access, n, "rm", "-f", "/root/r1.res.adjustlabit");
            }
            for (String n : NODES) {
                LabNodes.root(access, n, "drbdadm", "adjust", "r1");
            }
            for (String n : NODES) {
                assertThat(new Probe(access).adjustPlan(n, "r1")).as(n + " back to its files").isEmpty();
            }
            LabNodes.awaitR1Baseline(access);
        } finally {
            if (monitor != null) {
                monitor.close();
            }
        }
    }

    private void sed(String node, String expr) throws Exception {
        assertThat(LabNodes.root(access, node, "sed", "-i", expr, FILE).exitCode()).isZero();
    }

    private Adjust plan(String only) {
        return new Adjust(access, "r1", NODES, only, new Adjust.Options(Path.of("target/lab-audit.jsonl"),
                "AdjustLabIT", Duration.ofSeconds(60)));
    }

    private static Check check(AdjustChecks.Result c, String id) {
        return c.checks().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aNewResyncRateInBothFilesIsSeenPreviewedAppliedAndRunByTheKernel() throws Exception {
        assertThat(ConfigDrift.read(new Probe(access), "r1", NODES).inSync()).as("the lab's baseline").isTrue();
        for (String n : NODES) {
            sed(n, "s/resync-rate 40M;/resync-rate 60M;/");
        }
        ConfigDrift drift = ConfigDrift.read(new Probe(access), "r1", NODES);
        assertThat(drift.filesDifferOn()).isEmpty();
        assertThat(drift.kernelDiffersOn()).containsExactly("alpha", "beta");
        assertThat(drift.findings()).anySatisfy(f -> assertThat(f).contains("drbdsetup-84 disk-options 1")
                .contains("--resync-rate=60M").contains("changes disk options (resync-rate 60M"));

        Adjust p = plan(null);
        AdjustChecks.Result checked = p.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(checked.risky()).as("a disk option only").isFalse();
        assertThat(p.script(checked)).contains("drbdadm adjust r1");
        PlanResult r = p.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        for (String n : NODES) {
            assertThat(LabNodes.root(access, n, "drbdsetup", "show", "r1").stdout()).as(n)
                    .contains("resync-rate     \t61440k");
            assertThat(new Probe(access).adjustPlan(n, "r1")).as(n).isEmpty();
        }
    }

    @Test
    void filesThatDifferBetweenAlphaAndBetaAreRefusedWithTheDiff() throws Exception {
        sed("alpha", "s/protocol C;/protocol C;\\n\\t\\tmax-buffers 8000;/");
        AdjustChecks.Result c = plan(null).check();
        assertThat(c.blocked()).isTrue();
        assertThat(check(c, "files").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(c, "files").reason()).contains("alpha (-) and beta (+)").contains("-         max-buffers      8000;");
        assertThat(check(c, "files").remedy()).contains("--only NODE");
        PlanResult r = plan(null).execute(PlanListener.NONE, Decider.ABORT, c);
        assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(LabNodes.root(access, "alpha", "drbdsetup", "show", "r1").stdout()).doesNotContain("max-buffers");
    }
}
