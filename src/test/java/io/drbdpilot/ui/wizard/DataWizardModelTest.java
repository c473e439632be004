// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.SimTicker;
import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.resync.ResyncChecks;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.sim.SimChannels;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.wizard.PlanWizardModel.Page;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resync and replace-disk wizards' models, without the toolkit: choices, checks, the run. */
class DataWizardModelTest {

    @TempDir
    Path dir;
    private final UiTasks tasks = new UiTasks(Runnable::run);
    private WorkspaceViewModel ws;

    private ClusterEntry open(SimCluster c) {
        ws = new WorkspaceViewModel(tasks);
        ClusterEntry e = ws.open(new ClusterSettings("lab", List.of(new NodeSettings("alpha", "alpha", false),
                new NodeSettings("beta", "beta", false))), new NodeLinks(new SimChannels(c)), true);
        await().atMost(Duration.ofSeconds(20)).until(() -> e.phaseProperty().get() == ClusterEntry.Phase.LIVE);
        return e;
    }

    @AfterEach
    void stop() {
        if (ws != null) {
            ws.close();
        }
        assertThat(tasks.close(Duration.ofSeconds(5))).isTrue();
    }

    private static void toConfirm(PlanWizardModel<?> m) {
        assertThat(m.forward()).isEqualTo(Page.CHECKS);
        await().atMost(Duration.ofSeconds(20)).until(() -> m.checks() != null);
        assertThat(m.mayGoOn()).as(String.valueOf(m.checks().checks())).isTrue();
        assertThat(m.forward()).isEqualTo(Page.PLAN);
        assertThat(m.forward()).isEqualTo(Page.CONFIRM);
    }

    @Test
    void theResyncModelPausesAndSetsARateItReadsInWords() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        new SimShell(c, "beta", "root").run("drbdadm disk-options --c-plan-ahead=0 --resync-rate=1M r1");
        new SimShell(c, "alpha", "root").run("drbdadm invalidate-remote r1");
        ResyncWizardModel m = new ResyncWizardModel(open(c), tasks, dir.resolve("audit.jsonl"), "r1",
                ResyncChecks.Kind.PAUSE);
        assertThat(m.resource()).isEqualTo("r1");
        assertThat(m.nodes()).containsExactly("alpha", "beta");
        assertThat(m.report()).contains("beta ← alpha, volume 0: SyncTarget").contains("temporary");
        toConfirm(m);
        assertThat(m.headline(m.checks())).isEqualTo("Pause the resync of r1 on beta.");
        m.running();
        PlanResult r = m.execute(new PlanListener() { }, Decider.ABORT, m.checks());
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(m.report()).contains("paused: by an admin on this node");

        ResyncWizardModel rate = new ResyncWizardModel(open(c), tasks, dir.resolve("audit.jsonl"), "r1",
                ResyncChecks.Kind.RATE);
        rate.rate("fast");
        assertThat(rate.choiceProblem()).contains("not a resync rate");
        rate.rate("2M");
        rate.leave(true);
        assertThat(rate.choiceProblem()).isNull();
        toConfirm(rate);
        assertThat(rate.script(rate.checks())).contains("--resync-rate=2048k r1");
        PlanResult set = rate.execute(new PlanListener() { }, Decider.ABORT, rate.checks());
        assertThat(set.outcome()).as(set.message()).isEqualTo(Outcome.DONE);
    }

    @Test
    void theReplaceDiskModelProposesTheNodeWhoseDiskIsOutAndReplacesIt() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        c.failDisk("beta", "r1");
        c.swapDisk("beta", "r1");
        ReplaceDiskWizardModel m = new ReplaceDiskWizardModel(open(c), tasks, dir.resolve("audit.jsonl"), "r1");
        await().atMost(Duration.ofSeconds(10)).until(() -> m.diskOut("beta"));
        m.resource("r1");
        assertThat(m.node()).as("the node whose disk is out").isEqualTo("beta");
        assertThat(m.diskOut("alpha")).isFalse();
        toConfirm(m);
        assertThat(m.headline(m.checks())).isEqualTo("Replace beta's disk of r1 and resync it in full from alpha.");
        assertThat(m.script(m.checks())).contains("drbdadm create-md r1");
        PlanResult r;
        try (SimTicker t = SimTicker.start(c, 5)) {
            r = m.execute(new PlanListener() { }, Decider.ABORT, m.checks());
        }
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(new SimShell(c, "beta", "root").run("drbdadm dstate r1").stdout()).startsWith("UpToDate");
    }
}
