// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.drbd.model.GenerationIds;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.splitbrain.EvidenceText;
import io.drbdpilot.ops.splitbrain.SplitBrain;
import io.drbdpilot.ops.splitbrain.SplitBrainChecks;
import io.drbdpilot.ssh.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real split brain on the DRBD 8.4 kernel, made as an operator meets one (the link cut, both sides promoted and
 * written with different data, the link healed: both StandAlone), its evidence compared with what the kernel says,
 * and its resolution with beta as the victim, checked with sha256: beta's device holds alpha's data afterwards and
 * alpha's data did not change. Leaves the lab at its baseline (r1 Secondary on both, Connected, UpToDate).
 */
class SplitBrainLabIT {

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
    }

    @AfterEach
    void stop() throws Exception {
        try {
            LabNodes.script(labDir, "./fault", "beta", "heal");
            // whatever happened: r1 Secondary on both and connected again (beta discarding, if still split)
            for (String n : List.of("alpha", "beta")) {
                root(n, "drbdadm", "secondary", "r1");
            }
            if (proc("alpha").contains("1: cs:StandAlone") || proc("beta").contains("1: cs:StandAlone")) {
                root("beta", "drbdadm", "connect", "--discard-my-data", "r1");
                root("alpha", "drbdadm", "connect", "r1");
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

    private String sha(String node) throws Exception {
        return LabNodes.sha256(access, node);
    }

    private SplitBrain plan(String victim) {
        return new SplitBrain(access, List.of("alpha", "beta"), "r1", victim, new SplitBrain.Options(
                Path.of("target/lab-audit.jsonl"), "SplitBrainLabIT", Duration.ofSeconds(30), Duration.ofMinutes(10)));
    }

    @Test
    void aRealSplitBrainIsShownAsTheKernelSaysItAndResolvedWithBetaAsTheVictim() throws Exception {
        LabNodes.awaitR1Baseline(access);
        // the split: cut, both Primary, different data on each, heal
        LabNodes.script(labDir, "./fault", "beta", "cut");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                proc("alpha").contains("1: cs:WFConnection") && proc("beta").contains("1: cs:WFConnection"));
        for (String[] w : new String[][] {{"alpha", "2"}, {"beta", "1"}}) {
            assertThat(root(w[0], "drbdadm", "primary", "r1").exitCode()).isZero();
            assertThat(root(w[0], "dd", "if=/dev/urandom", "of=/dev/drbd1", "bs=1M", "count=" + w[1],
                    "oflag=direct").exitCode()).isZero();
        }
        assertThat(root("beta", "drbdadm", "secondary", "r1").exitCode()).isZero();
        String alphaData = sha("alpha");
        LabNodes.script(labDir, "./fault", "beta", "heal");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                proc("alpha").contains("1: cs:StandAlone") && proc("beta").contains("1: cs:StandAlone"));

        // the evidence, as the kernel and drbdadm say it
        SplitBrainChecks.Result ev = plan(null).check();
        String text = EvidenceText.of(ev);
        Files.writeString(Path.of("target/lab-split-brain-evidence.txt"), text);
        CommandResult giA = root("alpha", "drbdadm", "get-gi", "r1");
        CommandResult giB = root("beta", "drbdadm", "get-gi", "r1");
        CommandResult dmesg = root("alpha", "dmesg");
        Files.writeString(Path.of("target/lab-split-brain-raw.txt"), "### alpha$ drbdadm get-gi r1\n" + giA.stdout()
                + "### beta$ drbdadm get-gi r1\n" + giB.stdout() + "### alpha$ dmesg | grep drbd\n"
                + String.join("\n", dmesg.stdout().lines().filter(l -> l.contains("drbd")).toList()) + "\n");
        assertThat(ev.side("alpha").gi()).as(giA.stdout()).containsExactlyElementsOf(
                GenerationIds.parseAll(giA.stdout()));
        assertThat(ev.relation()).as(text).isEqualTo(GenerationIds.Relation.DIVERGED);
        assertThat(ev.side("alpha").verdict().text()).as(text).contains("Split-Brain detected");
        assertThat(dmesg.stdout()).contains(ev.side("alpha").verdict().text());
        assertThat(ev.side("alpha").changedKiB()).as(text).isGreaterThanOrEqualTo(2048);
        assertThat(ev.side("beta").changedKiB()).as(text).isGreaterThanOrEqualTo(1024);
        assertThat(ev.recommendation()).as(text).startsWith("Discard beta");

        // the resolution, beta the victim
        SplitBrain sb = plan("beta");
        SplitBrainChecks.Result checked = sb.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(checked.checks()).anySatisfy(k -> assertThat(k.status()).isEqualTo(Check.Status.WARN));
        PlanResult r = sb.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message() + " " + r.manual()).isEqualTo(Outcome.DONE);
        assertThat(proc("alpha")).contains("1: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate");
        assertThat(sha("alpha")).as("alpha's data unchanged").isEqualTo(alphaData);
        assertThat(root("alpha", "drbdadm", "secondary", "r1").exitCode()).isZero();
        assertThat(root("beta", "drbdadm", "primary", "r1").exitCode()).isZero();
        assertThat(sha("beta")).as("beta holds alpha's data").isEqualTo(alphaData);
        assertThat(root("beta", "drbdadm", "secondary", "r1").exitCode()).isZero();
    }
}
