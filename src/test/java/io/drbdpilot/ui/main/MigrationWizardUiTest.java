// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
import org.testfx.util.WaitForAsyncUtils;

/**
 * The migration wizard, opened from a node's list of VMs and services and walked through a live migration of the demo's
 * VM "mail" (node-b → node-c, over SSH, real engine), with the dual-primary timeline.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class MigrationWizardUiTest {

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

    private static <T extends Node> T find(FxRobot robot, String id, Class<T> type) {
        return robot.lookup(id).queryAs(type);
    }

    @Test
    @SuppressWarnings("unchecked")
    void walksADemoLiveMigrationOfMailFromNodeBToNodeC(FxRobot robot) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> ws.find(DemoCluster.NAME)
                .map(e -> e.phaseProperty().get() == ClusterEntry.Phase.LIVE).orElse(false));
        robot.interact(() -> ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, "node-b",
                null)));

        // node-b's VMs and services, found over SSH: the VM mail and the service smbd with its filesystem
        robot.clickOn("VMs and services");
        TableView<Workload> table = find(robot, "#workloads-table", TableView.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> table.getItems().size() == 2);
        assertThat(table.getItems()).extracting(Workload::name).containsExactlyInAnyOrder("mail",
                "smbd");
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(w -> w.name().equals("mail")).findFirst().orElseThrow()));
        robot.clickOn("#workloads-migrate");

        // 1. choose: mail with its resource, node-c the only target, live
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#migration-workloads").tryQuery()
                .map(n -> ((ListView<Workload>) n).getSelectionModel().getSelectedItem() != null)
                .orElse(false));
        // the selection's listener sets the mode in the same FX event: read only once that event is over
        WaitForAsyncUtils.waitForFxEvents();
        ListView<Workload> list = find(robot, "#migration-workloads", ListView.class);
        assertThat(list.getSelectionModel().getSelectedItem().name()).isEqualTo("mail");
        assertThat(find(robot, "#migration-resources", Label.class).getText()).contains("vm-mail");
        assertThat(find(robot, "#migration-target", ComboBox.class).getItems()).containsExactly("node-c");
        assertThat(find(robot, "#migration-live", RadioButton.class).isSelected()).isTrue();
        robot.clickOn("#wizard-next");

        // 2. checks, read live: the resource's and the migration's own
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#check-transport").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled());
        for (String id : new String[] {"#check-vm-mail-connected", "#check-vm-mail-protocol", "#check-transport",
            "#check-target-free", "#check-vm-mail-owner"}) {
            assertThat(robot.lookup(id).query().getProperties().get("status")).as(id).isEqualTo(Check.Status.PASS);
        }
        robot.clickOn("#wizard-next");

        // 3. the plan: the window opens before the move and closes after it
        String plan = find(robot, "#wizard-plan", TextArea.class).getText();
        assertThat(plan.indexOf("--allow-two-primaries=yes vm-mail")).isLessThan(plan.indexOf("virsh migrate --live"));
        assertThat(plan.indexOf("virsh migrate --live")).isLessThan(plan.indexOf("--allow-two-primaries=no vm-mail"));
        robot.clickOn("#wizard-next");

        // 4. confirm, 5. run with the timeline, 6. result
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(10)).until(() -> robot.lookup("#migration-timeline").tryQuery().isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> find(robot, "#migration-window-summary", Label.class)
                .getText().contains("vm-mail open for"));
        await().atMost(Duration.ofSeconds(40)).until(() -> robot.lookup("#wizard-result").tryQuery().isPresent());
        Label result = find(robot, "#wizard-result", Label.class);
        assertThat(result.getText()).as(find(robot, "#wizard-result-message", Label.class).getText())
                .startsWith("Done and verified");
        assertThat(find(robot, "#migration-window-summary", Label.class).getText()).contains("vm-mail closed after");
        assertThat(find(robot, "#wizard-result-message", Label.class).getText()).contains("mail runs on node-c")
                .contains("Dual-primary window: vm-mail");
        assertThat(demo.cluster().hosts().vmRunning("node-c", "mail")).isTrue();
        assertThat(demo.cluster().hosts().vmRunning("node-b", "mail")).isFalse();
        assertThat(SimState.role(demo.cluster(), "node-c", "vm-mail")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(demo.cluster(), "node-b", "vm-mail")).isEqualTo(Role.SECONDARY);
        assertThat(SimState.allowsTwoPrimaries(demo.cluster(), "node-b", "vm-mail")).isFalse();
        assertThat(SimState.allowsTwoPrimaries(demo.cluster(), "node-c", "vm-mail")).isFalse();
        assertThat(find(robot, "#wizard-log", TextArea.class).getText()).contains("node-b$ virsh migrate --live");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"kind\":\"migration\"")
                .contains("\"outcome\":\"DONE\"");
        robot.clickOn("#wizard-close");
    }

    @Test
    void ctrlShiftMOpensTheWizardOnTheSelectedResourcesWorkload(FxRobot robot) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ws.find(DemoCluster.NAME)
                .map(e -> e.phaseProperty().get() == ClusterEntry.Phase.LIVE).orElse(false));
        robot.interact(() -> ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, "node-b",
                "files")));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.M).release(KeyCode.M, KeyCode.SHIFT, KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#migration-workloads").tryQuery()
                .map(n -> ((ListView<?>) n).getSelectionModel().getSelectedItem() != null).orElse(false));
        ListView<?> list = find(robot, "#migration-workloads", ListView.class);
        Workload w = (Workload) list.getSelectionModel().getSelectedItem();
        assertThat(w.name()).isEqualTo("smbd");
        assertThat(w.units()).containsExactly("smbd");
        assertThat(find(robot, "#migration-live", RadioButton.class).isDisabled()).as("services move cold").isTrue();
        assertThat(find(robot, "#migration-cold", RadioButton.class).isSelected()).isTrue();
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        await().atMost(Duration.ofSeconds(5)).until(() -> robot.lookup("#migration-workloads").tryQuery().isEmpty());
    }
}
