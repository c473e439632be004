// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static io.drbdpilot.ui.FxShots.find;
import static io.drbdpilot.ui.FxShots.snapshot;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The split-brain wizard on the demo: a split brain made from the Demo menu, the evidence page first, the victim
 * chosen with what it loses, its name typed, the resolution run and verified (over SSH, real engine).
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class SplitBrainWizardUiTest {

    @TempDir
    static Path dir;

    private DemoWindow app;

    @Start
    void start(Stage stage) throws Exception {
        app = DemoWindow.show(stage, dir, dir.resolve("audit.jsonl"));
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @Test
    void resolvesADemoSplitBrainFromTheEvidenceToTheVerifiedResync(FxRobot robot) throws Exception {
        WorkspaceViewModel ws = app.ws;
        await().atMost(Duration.ofSeconds(20)).until(() -> ws.find(DemoCluster.NAME)
                .map(e -> e.phaseProperty().get() == ClusterEntry.Phase.LIVE).orElse(false));
        robot.clickOn("#menu-demo").clickOn("#demo-splitbrain");
        await().atMost(Duration.ofSeconds(20)).until(() -> ws.find(DemoCluster.NAME).map(e -> e.snapshotProperty()
                .get().findings().stream().anyMatch(f -> f.finding().kind().name().equals("SPLIT_BRAIN")))
                .orElse(false));
        robot.interact(() -> ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, "node-a",
                "web")));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.B).release(KeyCode.B, KeyCode.SHIFT, KeyCode.CONTROL);

        // 1. the evidence first; nothing can go on before a victim is chosen
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#splitbrain-victim-node-b").tryQuery()
                .isPresent());
        assertThat(find(robot, "#splitbrain-evidence", TextArea.class).getText())
                .contains("Split brain of web: what each side says").contains("Split-Brain detected")
                .contains("Seen by DRBD Pilot while it watched").contains("→ StandAlone")
                .contains("both sides wrote while apart");
        assertThat(find(robot, "#splitbrain-recommendation", Label.class).getText()).startsWith("Discard node-b");
        assertThat(find(robot, "#wizard-next", Button.class).isDisabled()).isTrue();
        robot.clickOn("#splitbrain-victim-node-b");
        snapshot(robot, "#splitbrain-evidence", "splitbrain-evidence.png");
        robot.clickOn("#wizard-next");

        // 2. checks, 3. plan, 4. the victim's name
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#check-discard").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled());
        robot.clickOn("#wizard-next");
        assertThat(find(robot, "#wizard-plan", TextArea.class).getText())
                .contains("drbdadm connect --discard-my-data web");
        robot.clickOn("#wizard-next");
        assertThat(find(robot, "#wizard-run", Button.class).isDisabled()).isTrue();
        robot.clickOn("#wizard-confirm-field").write("node-b");
        snapshot(robot, "#wizard-confirm-field", "splitbrain-confirm.png");
        assertThat(find(robot, "#wizard-confirm-field", TextField.class).getText()).isEqualTo("node-b");

        // 5. run, 6. the result, verified
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#wizard-result").tryQuery().isPresent());
        assertThat(find(robot, "#wizard-result", Label.class).getText()).as(find(robot, "#wizard-result-message",
                Label.class).getText()).startsWith("Done and verified");
        assertThat(SimState.role(app.demo.cluster(), "node-a", "web")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(app.demo.cluster(), "node-b", "web")).isEqualTo(Role.SECONDARY);
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("split-brain")
                .contains("\"outcome\":\"DONE\"");
        robot.clickOn("#wizard-close");
    }
}
