// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.ui.wizard.RunningPlans;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The switchover wizard, walked through by keyboard and mouse on the demo cluster (over SSH, real engine). */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class SwitchoverWizardUiTest {

    @TempDir
    static Path dir;

    private DemoCluster demo;
    private WorkspaceViewModel ws;
    private MainWindow window;
    private DemoWindow app;

    @Start
    void start(Stage stage) throws Exception {
        app = DemoWindow.show(stage, dir, dir.resolve("audit.jsonl"));
        demo = app.demo;
        ws = app.ws;
        window = app.window;
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    /** The node with that id in a window that is showing (a closed dialog of an earlier test is not it). */
    private static Optional<Node> shown(FxRobot robot, String id) {
        return robot.lookup(id).match((Node n) -> n.getScene() != null && n.getScene().getWindow() != null
                && n.getScene().getWindow().isShowing()).tryQuery();
    }

    private static <T extends Node> T find(FxRobot robot, String id, Class<T> type) {
        return robot.lookup(id).queryAs(type);
    }

    /** With this audit file: the wizard on web, through its checks and plan, to the page with Run. */
    private void toConfirmPage(FxRobot robot, Path auditFile) {
        robot.interact(() -> window.setAuditFile(auditFile));
        openOnWeb(robot);
        await().atMost(Duration.ofSeconds(5)).until(() -> robot.lookup("#wizard-resource").tryQuery().isPresent());
        robot.clickOn("#wizard-next");
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#check-connected").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled());
        robot.clickOn("#wizard-next");
        robot.clickOn("#wizard-next");
    }

    /** Once the demo is live: web on node-a selected, and the wizard opened with its shortcut. */
    private void openOnWeb(FxRobot robot) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ws.find(DemoCluster.NAME)
                .map(e -> e.phaseProperty().get() == ClusterEntry.Phase.LIVE).orElse(false));
        robot.interact(() -> ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, "node-a",
                "web")));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.S).release(KeyCode.S, KeyCode.SHIFT, KeyCode.CONTROL);
    }

    @Test
    @SuppressWarnings("unchecked")
    void walksADemoSwitchoverOfWebFromNodeAToNodeB(FxRobot robot) throws Exception {
        openOnWeb(robot);

        // 1. choose: web is preselected, node-b the only possible target
        await().atMost(Duration.ofSeconds(5)).until(() -> robot.lookup("#wizard-resource").tryQuery().isPresent());
        assertThat(find(robot, "#wizard-resource", ComboBox.class).getValue()).isEqualTo("web");
        assertThat(find(robot, "#wizard-target", ComboBox.class).getItems()).containsExactly("node-b");
        robot.clickOn("#wizard-next");

        // 2. checks, read live from both nodes
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#check-connected").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled());
        assertThat(robot.lookup("#check-connected").query().getProperties().get("status")).isEqualTo(Check.Status.PASS);
        assertThat(robot.lookup("#check-owner").query().getProperties().get("status")).isEqualTo(Check.Status.PASS);
        // Enter goes on: Next has the focus back once the checks are in (not Cancel, where it had moved)
        await().atMost(Duration.ofSeconds(5)).until(() -> find(robot, "#wizard-next", Button.class).isFocused());
        robot.press(javafx.scene.input.KeyCode.ENTER).release(javafx.scene.input.KeyCode.ENTER);

        // 3. the plan with the exact commands
        await().atMost(Duration.ofSeconds(5)).until(() -> robot.lookup("#wizard-plan").tryQuery().isPresent());
        String plan = find(robot, "#wizard-plan", TextArea.class).getText();
        assertThat(plan).contains("'drbdadm secondary web'").contains("'drbdadm primary web'");
        assertThat(plan.indexOf("drbdadm secondary web")).isLessThan(plan.indexOf("'drbdadm primary web'"));
        robot.clickOn("#wizard-next");

        // 4. confirm, 5. run
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#wizard-result").tryQuery().isPresent());
        Label result = find(robot, "#wizard-result", Label.class);
        assertThat(result.getText()).as(find(robot, "#wizard-result-message", Label.class).getText())
                .startsWith("Done and verified");
        assertThat(SimState.role(demo.cluster(), "node-b", "web")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(demo.cluster(), "node-a", "web")).isEqualTo(Role.SECONDARY);
        assertThat(find(robot, "#wizard-log", TextArea.class).getText()).contains("node-a$ drbdadm secondary web")
                .contains("node-b$ drbdadm primary web");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"outcome\":\"DONE\"");
        robot.clickOn("#wizard-close");

        // 6. the command log (Ctrl+L): the plan's commands under the plan, with their nodes and exit codes
        // (a notification may cover the Close button: the button is fired, as Enter would)
        robot.interact(() -> shown(robot, "#wizard-close").ifPresent(b -> ((Button) b).fire()));
        await().atMost(Duration.ofSeconds(5)).until(() -> shown(robot, "#wizard-close").isEmpty());
        robot.interact(() -> window.stage().requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.L).release(KeyCode.L, KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(5)).until(() -> window.commandsShown());
        TreeTableView<CommandsPanel.Row> log = find(robot, "#commands-table", TreeTableView.class);
        TreeItem<CommandsPanel.Row> planRow = log.getRoot().getChildren().stream()
                .filter(t -> t.getValue().isPlan() && t.getValue().group().title().startsWith("switchover web to node-b"))
                .findFirst().orElseThrow();
        List<String> lines = planRow.getChildren().stream().map(t -> t.getValue().entry())
                .map(e -> e.node() + " " + e.commandLine() + " -> " + e.exit()).toList();
        assertThat(lines).contains("node-a drbdadm secondary web -> 0", "node-b drbdadm primary web -> 0");
        assertThat(lines.indexOf("node-b drbdadm primary web -> 0"))
                .as("newest first: the promotion came after the demotion")
                .isLessThan(lines.indexOf("node-a drbdadm secondary web -> 0"));
        assertThat(log.getRoot().getChildren()).as("the monitor's own reads stand outside the plan")
                .anyMatch(t -> !t.getValue().isPlan() && t.getValue().entry().commandLine().contains("events2"));
        // the filter narrows to the plan's rows; hiding what ran outside plans leaves the plan alone
        robot.clickOn("#commands-filter").write("primary web");
        await().atMost(Duration.ofSeconds(5)).until(() -> log.getRoot().getChildren().size() == 1);
        assertThat(log.getRoot().getChildren().get(0).getChildren()).extracting(t -> t.getValue().entry().commandLine())
                .contains("drbdadm primary web").allMatch(c -> c.contains("primary web"));
        robot.press(KeyCode.CONTROL, KeyCode.L).release(KeyCode.L, KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(5)).until(() -> !window.commandsShown());
    }

    @Test
    void closingTheWindowWhileThePlanRunsAsksAndThenRollsBackBeforeItCloses(FxRobot robot) throws Exception {
        Path auditFile = dir.resolve("audit-close.jsonl");
        toConfirmPage(robot, auditFile);
        Stage wizard = (Stage) robot.lookup("#wizard-run").query().getScene().getWindow();
        demo.cluster().hosts().latency("node-b", Duration.ofMillis(3000)); // slow enough to be closed mid-plan
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#wizard-log").tryQuery().isPresent()
                && find(robot, "#wizard-log", TextArea.class).getText().contains("node-a$ drbdadm secondary web"));

        // the title bar's close: asked, and kept running when the operator says so
        Platform.runLater(() -> wizard.fireEvent(new WindowEvent(wizard, // asks in a nested loop
                WindowEvent.WINDOW_CLOSE_REQUEST)));
        await().atMost(Duration.ofSeconds(5)).until(() -> shown(robot, "#running-keep").isPresent());
        robot.clickOn(shown(robot, "#running-keep").orElseThrow());
        assertThat(wizard.isShowing()).isTrue();

        Platform.runLater(() -> wizard.fireEvent(new WindowEvent(wizard, // asks in a nested loop
                WindowEvent.WINDOW_CLOSE_REQUEST)));
        await().atMost(Duration.ofSeconds(5)).until(() -> shown(robot, "#running-abort").isPresent());
        robot.clickOn(shown(robot, "#running-abort").orElseThrow());
        await().atMost(Duration.ofSeconds(60)).until(() -> !wizard.isShowing());
        demo.cluster().hosts().latency("node-b", Duration.ZERO);
        String audit = Files.readString(auditFile);
        String last = audit.lines().filter(l -> l.contains("\"event\":\"end\"")).reduce((a, b) -> b).orElseThrow();
        assertThat(last).contains("\"outcome\":\"ROLLED_BACK\"").contains("interrupted");
        assertThat(SimState.role(demo.cluster(), "node-a", "web")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(demo.cluster(), "node-b", "web")).isEqualTo(Role.SECONDARY);
        assertThat(RunningPlans.count()).isZero();
    }

    @Test
    void quittingWhileAPlanRunsWaitsForTheAnswerAndQuitsEvenIfThePlanEndedMeanwhile(FxRobot robot) throws Exception {
        Path auditFile = dir.resolve("audit-quit.jsonl");
        toConfirmPage(robot, auditFile);
        demo.cluster().hosts().latency("node-b", Duration.ofMillis(1500));
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(10)).until(() -> RunningPlans.count() == 1);
        Stage main = window.stage();
        Platform.runLater(window::quit); // File → Quit: asks in a nested loop
        await().atMost(Duration.ofSeconds(5)).until(() -> shown(robot, "#running-abort").isPresent());
        demo.cluster().hosts().latency("node-b", Duration.ZERO);
        // the plan ends while the question is still open
        await().atMost(Duration.ofSeconds(60)).until(() -> RunningPlans.count() == 0);
        assertThat(main.isShowing()).as("nothing quits before the answer").isTrue();
        robot.clickOn(shown(robot, "#running-abort").orElseThrow());
        await().atMost(Duration.ofSeconds(10)).until(() -> !main.isShowing());
        assertThat(Files.readString(auditFile)).contains("\"event\":\"end\"");
    }
}
