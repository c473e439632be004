// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.SimTicker;
import io.drbdpilot.SimViews;
import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.sim.SimChannels;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimScenarios;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimState;
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

/**
 * The wizards' view-models without the toolkit and without SSH: the simulator in process, the UI thread replaced by
 * the calling thread. Pages, checks, what the operator may do, and the run are the models'; the windows only show
 * them.
 */
class WizardModelTest {

    @TempDir
    Path dir;
    private final UiTasks tasks = new UiTasks(Runnable::run);
    private WorkspaceViewModel ws;
    private SimCluster sim;

    private ClusterEntry open(SimCluster c) {
        return open(c, List.of("alpha", "beta"));
    }

    private ClusterEntry open(SimCluster c, List<String> nodes) {
        sim = c;
        ws = new WorkspaceViewModel(tasks);
        ClusterEntry e = ws.open(new ClusterSettings("lab", nodes.stream().map(n -> new NodeSettings(n, n, false))
                .toList()), new NodeLinks(new SimChannels(c)), true);
        await().atMost(Duration.ofSeconds(20)).until(() -> e.phaseProperty().get() == ClusterEntry.Phase.LIVE);
        return e;
    }

    @AfterEach
    void stop() {
        if (ws != null) {
            ws.close();
        }
        assertThat(tasks.close(Duration.ofSeconds(5))).as("every UI thread ended within the bound").isTrue();
    }

    private static <C extends PlanChecks> void toConfirm(PlanWizardModel<C> m) {
        assertThat(m.forward()).isEqualTo(Page.CHECKS);
        await().atMost(Duration.ofSeconds(20)).until(() -> m.checks() != null);
        assertThat(m.mayGoOn()).as(String.valueOf(m.checks().checks())).isTrue();
        assertThat(m.forward()).isEqualTo(Page.PLAN);
        assertThat(m.forward()).isEqualTo(Page.CONFIRM);
    }

    @Test
    void theSwitchoverModelWalksItsPagesAndRunsWhatItShowed() throws Exception {
        SwitchoverWizardModel m = new SwitchoverWizardModel(open(SimClusters.lab84(false)), tasks,
                dir.resolve("audit.jsonl"), "r0");
        assertThat(m.resources()).contains("r0", "r1").isSorted();
        assertThat(m.resource()).isEqualTo("r0");
        assertThat(m.targets()).containsExactly("beta");
        assertThat(m.target()).isEqualTo("beta");
        assertThat(m.page()).isEqualTo(Page.CHOOSE);
        assertThat(m.mayGoOn()).isTrue();
        assertThat(m.back()).isEqualTo(Page.CHOOSE);

        toConfirm(m);
        assertThat(m.asksForName()).isFalse();
        assertThat(m.mayGoOn()).isTrue();
        assertThat(m.headline(m.checks())).isEqualTo("Move the Primary role of r0 from alpha to beta: "
                + m.steps(m.checks()).size() + " steps.");
        assertThat(m.script(m.checks())).contains("drbdadm secondary r0").contains("drbdadm primary r0");

        m.running();
        PlanResult r = m.execute(new PlanListener() { }, Decider.ABORT, m.checks());
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(SimState.role(sim, "beta", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(sim, "alpha", "r0")).isEqualTo(Role.SECONDARY);
    }

    @Test
    void choicesThatMakeNoPlanAndChecksNotYetReadNeverLetTheOperatorOn() {
        SwitchoverWizardModel m = new SwitchoverWizardModel(open(SimClusters.lab84(false)), tasks,
                dir.resolve("audit.jsonl"), null);
        m.resource("no-such-resource");
        assertThat(m.choiceProblem()).contains("No node can take the role of no-such-resource");
        assertThat(m.mayGoOn()).isFalse();
        assertThat(m.forward()).as("a refused forward stays").isEqualTo(Page.CHOOSE);
        m.resource("r0");
        m.users("", "not-an-absolute-path", "", "");
        assertThatThrownBy(m::forward).isInstanceOf(IllegalArgumentException.class);
        assertThat(m.page()).isEqualTo(Page.CHOOSE);
    }

    @Test
    void aConfirmationGoesBackToTheChecksWhenTheClusterTurnsAgainstThePlan() {
        SwitchoverWizardModel m = new SwitchoverWizardModel(open(SimClusters.lab84(false)), tasks,
                dir.resolve("audit.jsonl"), "r0");
        toConfirm(m);
        sim.cut("alpha", "beta");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            m.recheck(); // what the wizard's window does on every change of the snapshot
            return m.page() == Page.CHECKS;
        });
        assertThat(m.checks().blocked()).isTrue();
        assertThat(m.mayGoOn()).isFalse();
        assertThat(m.forward()).isEqualTo(Page.CHECKS);
    }

    @Test
    void theMigrationModelFindsTheVmWithItsDisksAndOffersTheLiveMove() {
        MigrationWizardModel m = new MigrationWizardModel(open(SimViews.twoDisks()), tasks,
                dir.resolve("audit.jsonl"), null, "db");
        m.discover();
        await().atMost(Duration.ofSeconds(20)).until(() -> !m.searching() && m.workload() != null);
        assertThat(m.workload().name()).isEqualTo("db");
        assertThat(m.workload().resources()).containsExactly("r0", "r1");
        assertThat(m.movesTogether()).startsWith("Moves together: r0, r1");
        assertThat(m.targets()).containsExactly("beta");
        assertThat(m.mode()).isEqualTo(Migration.Mode.LIVE);
        m.units("ignored-for-a-vm.service");

        toConfirm(m);
        assertThat(m.windowWarning()).contains("both nodes are Primary");
        assertThat(m.confirmName()).isEqualTo("db");
        assertThat(m.script(m.checks())).contains("virsh");
        m.mode(Migration.Mode.COLD);
        assertThat(m.mode()).isEqualTo(Migration.Mode.COLD);
    }

    @Test
    void theSplitBrainModelShowsTheEvidenceFirstThenAsksForTheVictimAndItsName() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        SimScenarios.splitBrain(c, "r1", "beta", "alpha", 1024, 2048, false);
        SplitBrainWizardModel m = new SplitBrainWizardModel(open(c), tasks, dir.resolve("audit.jsonl"), "r1");
        assertThat(m.choiceProblem()).contains("still being read");
        m.readEvidence();
        await().atMost(Duration.ofSeconds(20)).until(() -> m.evidence() != null);
        assertThat(m.victims()).containsExactlyInAnyOrder("alpha", "beta");
        assertThat(m.evidenceText()).contains("Split-Brain detected but unresolved").contains("Recommendation:");
        assertThat(m.atStake("beta")).isEqualTo("beta: its 1.0 MiB of changes since the split are discarded");
        assertThat(m.choiceProblem()).startsWith("Choose the victim");
        assertThat(m.mayGoOn()).isFalse();
        m.victim("beta");

        toConfirm(m);
        assertThat(m.asksForName()).as("a discard is always confirmed by the victim's name").isTrue();
        assertThat(m.mayGoOn()).isFalse();
        m.typed("alpha");
        assertThat(m.mayGoOn()).isFalse();
        m.typed("beta");
        assertThat(m.mayGoOn()).isTrue();
        assertThat(m.headline(m.checks())).startsWith("Discard beta's changes to r1 and resync it from alpha");

        m.running();
        try (SimTicker t = SimTicker.start(c, 5)) {
            PlanResult r = m.execute(new PlanListener() { }, Decider.ABORT, m.checks());
            assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        }
        assertThat(SimState.role(sim, "alpha", "r1")).isEqualTo(Role.PRIMARY);
    }

    @Test
    void theVerifyModelPicksThePairRunsTheVerifyAndKeepsItsHistory() throws Exception {
        SimCluster c = SimClusters.demo();
        c.hosts().corrupt("web", "node-b", 0, 2048, 4);
        ClusterEntry e = open(c, List.of("node-a", "node-b", "node-c"));
        VerifyWizardModel m = new VerifyWizardModel(e, tasks, dir.resolve("audit.jsonl"),
                dir.resolve("verify-history.jsonl"), "web");
        assertThat(m.nodes()).containsExactly("node-a", "node-b");
        assertThat(m.node()).isEqualTo("node-a");
        assertThat(m.peer()).isEqualTo("node-b");
        assertThat(m.history()).isEqualTo("No verify run recorded yet.");
        m.resyncFrom("node-a");
        toConfirm(m);
        assertThat(m.headline(m.checks())).isEqualTo("Verify web between node-a and node-b, then resync what it "
                + "finds from node-a.");
        m.running();
        try (SimTicker t = SimTicker.start(c, 2)) {
            PlanResult r = m.execute(new PlanListener() { }, Decider.ABORT, m.checks());
            assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
            assertThat(r.message()).contains("4 KiB out of sync").contains("resynced from node-a");
        }
        assertThat(m.history()).contains("node-a ↔ node-b").contains("4 KiB out of sync");
    }
}
