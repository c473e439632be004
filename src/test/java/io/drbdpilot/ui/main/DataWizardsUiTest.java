// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static io.drbdpilot.ui.FxShots.find;
import static io.drbdpilot.ui.FxShots.snapshot;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
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

/**
 * The data operations on the demo, walked as an operator would: the details' Resync tab and its Pause button (the
 * resync wizard, run), a failed disk replaced with the replace-disk wizard (Ctrl+Shift+D), and a new rate in the files
 * applied with the adjust wizard (Ctrl+Shift+A), over SSH.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class DataWizardsUiTest {

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

     private void live() {
        await().atMost(Duration.ofSeconds(20)).until(() -> app.ws.find(DemoCluster.NAME)
                .map(e -> e.phaseProperty().get() == ClusterEntry.Phase.LIVE).orElse(false));
    }

    private static void throughTheChecksAndRun(FxRobot robot) {
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#wizard-next").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled() && robot.lookup("#check-reachable")
                .tryQuery().isPresent());
        robot.clickOn("#wizard-next");
        robot.clickOn("#wizard-next");
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(90)).until(() -> robot.lookup("#wizard-result").tryQuery().isPresent());
    }

    @Test
    void pausesTheDemosResyncFromTheResyncTab(FxRobot robot) throws Exception {
        live();
        new SimShell(app.demo.cluster(), "node-c", "root").run("drbdadm peer-device-options --c-plan-ahead=0 "
                + "--resync-rate=1M db");
        robot.interact(() -> app.ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, null,
                "db")));
        robot.clickOn("Resync");
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#resync-rows").queryAs(
                javafx.scene.layout.VBox.class).getChildren().stream().anyMatch(n -> n instanceof javafx.scene.layout
                .HBox h && h.getAccessibleText() != null && h.getAccessibleText().contains("node-c ← node-a")));
        snapshot(robot, "#resync-panel", "resync-panel.png");
        robot.clickOn("#resync-pause");
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#resync-report").tryQuery().isPresent()
                && find(robot, "#resync-report", TextArea.class).getText().contains("SyncTarget"));
        assertThat(find(robot, "#resync-action", ComboBox.class).getValue().toString()).isEqualTo("PAUSE");
        assertThat(find(robot, "#resync-report", TextArea.class).getText()).contains("temporary");
        snapshot(robot, "#resync-report", "resync-wizard.png");
        robot.clickOn("#wizard-next");
        throughTheChecksAndRun(robot);
        assertThat(find(robot, "#wizard-result", Label.class).getText()).as(find(robot, "#wizard-result-message",
                Label.class).getText()).startsWith("Done and verified");
        robot.clickOn("#wizard-close");
        assertThat(new SimShell(app.demo.cluster(), "node-c", "root").run("drbdadm status db").stdout())
                .contains("resync-suspended:user");
    }

    @Test
    void replacesAFailedDiskWithTheWizard(FxRobot robot) throws Exception {
        live();
        robot.clickOn("#menu-demo").clickOn("#demo-fail-disk");
        robot.clickOn("#menu-demo").clickOn("#demo-swap-disk");
        robot.interact(() -> app.ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, null,
                "vm-mail")));
        await().atMost(Duration.ofSeconds(20)).until(() -> app.ws.find(DemoCluster.NAME).map(e -> e.snapshotProperty()
                .get().node("node-c").flatMap(v -> v.resource("vm-mail")).map(r -> r.devices().get(0).disk().raw()
                .equals("Diskless")).orElse(false)).orElse(false));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D).release(KeyCode.D, KeyCode.SHIFT, KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#disk-node").tryQuery().isPresent());
        assertThat(find(robot, "#disk-node", ComboBox.class).getValue()).isEqualTo("node-c");
        robot.clickOn("#wizard-next");
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#check-device-0").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled());
        snapshot(robot, "#wizard-next", "replace-disk-checks.png");
        robot.clickOn("#wizard-next");
        assertThat(find(robot, "#wizard-plan", TextArea.class).getText()).contains("drbdadm create-md vm-mail")
                .contains("drbdadm attach vm-mail");
        robot.clickOn("#wizard-next");
        robot.clickOn("#wizard-run");
        // vm-mail is 10 GiB at 40 MiB/s: the test moves the demo's time on a minute per poll instead of waiting 4 min
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            app.demo.cluster().tick(Duration.ofSeconds(60));
            return robot.lookup("#wizard-result").tryQuery().isPresent();
        });
        assertThat(find(robot, "#wizard-result", Label.class).getText()).as(find(robot, "#wizard-result-message",
                Label.class).getText()).startsWith("Done and verified");
        robot.clickOn("#wizard-close");
    }

    @Test
    void appliesANewResyncRateInTheFilesWithTheAdjustWizard(FxRobot robot) throws Exception {
        live();
        for (String n : new String[] {"node-a", "node-b", "node-c"}) {
            app.demo.cluster().editFile(n, "db", s -> s.withOptions(s.protocol(), s.allowTwoPrimaries(), 60 * 1024,
                    s.verifyAlg()));
        }
        robot.interact(() -> app.ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, null,
                "db")));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.A).release(KeyCode.A, KeyCode.SHIFT, KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#adjust-drift").tryQuery().isPresent()
                && find(robot, "#adjust-drift", TextArea.class).getText().contains("otherwise than its files"));
        assertThat(find(robot, "#adjust-resource", ComboBox.class).getValue()).isEqualTo("db");
        assertThat(find(robot, "#adjust-drift", TextArea.class).getText())
                .contains("peer-device-options db").contains("--resync-rate=60M")
                .contains("changes the options towards a peer (c-plan-ahead 0, resync-rate 60M");
        snapshot(robot, "#adjust-drift", "adjust-wizard.png");
        robot.clickOn("#wizard-next");
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#check-lines").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled());
        snapshot(robot, "#wizard-next", "adjust-checks.png");
        robot.clickOn("#wizard-next");
        assertThat(find(robot, "#wizard-plan", TextArea.class).getText()).contains("drbdadm adjust db")
                .doesNotContain("adjust all");
        robot.clickOn("#wizard-next");
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(90)).until(() -> robot.lookup("#wizard-result").tryQuery().isPresent());
        assertThat(find(robot, "#wizard-result", Label.class).getText()).as(find(robot, "#wizard-result-message",
                Label.class).getText()).startsWith("Done and verified");
        robot.clickOn("#wizard-close");
        for (String n : new String[] {"node-a", "node-b", "node-c"}) {
            assertThat(new SimShell(app.demo.cluster(), n, "root").run("drbdadm -d adjust db").stdout()).as(n)
                    .isEmpty();
        }
    }

    @Test
    void growsAResourceWithTheResizeWizardOnceEveryBackingDeviceHasGrown(FxRobot robot) throws Exception {
        live();
        robot.interact(() -> app.ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, null,
                "web")));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.G).release(KeyCode.G, KeyCode.SHIFT, KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#resize-sizes").tryQuery().isPresent()
                && find(robot, "#resize-sizes", TextArea.class).getText().contains("not grown yet"));
        assertThat(find(robot, "#resize-resource", ComboBox.class).getValue()).isEqualTo("web");
        // the operator grows the logical volumes meanwhile; the page reads again by itself
        for (String n : new String[] {"node-a", "node-b"}) {
            app.demo.cluster().growBacking(n, "web", 0, 4160L * 1024 * 1024);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> find(robot, "#resize-sizes", TextArea.class).getText()
                .contains("Every backing device has grown"));
        assertThat(find(robot, "#resize-sizes", TextArea.class).getText()).contains("/dev/vg/web_0")
                .contains("4160.0 MiB").contains("4096.0 MiB");
        snapshot(robot, "#resize-sizes", "resize-wizard.png");
        robot.clickOn("#wizard-next");
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#check-grown").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled());
        robot.clickOn("#wizard-next");
        assertThat(find(robot, "#wizard-plan", TextArea.class).getText()).contains("drbdadm resize web");
        robot.clickOn("#wizard-next");
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(90)).until(() -> robot.lookup("#wizard-result").tryQuery().isPresent());
        assertThat(find(robot, "#wizard-result", Label.class).getText()).as(find(robot, "#wizard-result-message",
                Label.class).getText()).startsWith("Done and verified");
        robot.clickOn("#wizard-close");
        assertThat(Long.parseLong(new SimShell(app.demo.cluster(), "node-b", "root")
                .run("cat /sys/block/drbd1000/size").stdout().strip()) * 512).isGreaterThan(4150L * 1024 * 1024);
    }

    @Test
    void recoversAPrimaryThatLostQuorumWithTheMenuAndPromotesANodeWithQuorum(FxRobot robot) throws Exception {
        live();
        app.demo.cluster().cut("node-a", "node-b"); // db: node-a (Primary, postgresql) alone, 1 of 3 nodes
        app.demo.cluster().cut("node-a", "node-c");
        robot.interact(() -> app.ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, null,
                "db")));
        robot.clickOn("Operations").clickOn("#menu-force-secondary");
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#quorum-node").tryQuery().isPresent());
        assertThat(find(robot, "#quorum-node", ComboBox.class).getValue()).isEqualTo("node-a");
        robot.interact(() -> find(robot, "#quorum-takeover", ComboBox.class).setValue("node-b"));
        robot.clickOn("#wizard-next");
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#check-lost").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled());
        snapshot(robot, "#wizard-next", "quorum-checks.png");
        robot.clickOn("#wizard-next");
        assertThat(find(robot, "#wizard-plan", TextArea.class).getText()).contains("drbdadm secondary --force db")
                .contains("drbdadm primary db").doesNotContain("primary --force");
        robot.clickOn("#wizard-next");
        if (robot.lookup("#wizard-confirm-field").tryQuery().isPresent()) { // postgresql holds it open: a WARN
            robot.clickOn("#wizard-confirm-field").write("node-a");
        }
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#wizard-result").tryQuery().isPresent());
        assertThat(find(robot, "#wizard-result", Label.class).getText()).as(find(robot, "#wizard-result-message",
                Label.class).getText()).startsWith("Done and verified");
        robot.clickOn("#wizard-close");
        assertThat(new SimShell(app.demo.cluster(), "node-b", "root").run("drbdadm role db").stdout().strip())
                .isEqualTo("Primary");
        assertThat(new SimShell(app.demo.cluster(), "node-a", "root").run("drbdadm role db").stdout().strip())
                .isEqualTo("Secondary");
    }

    @Test
    void handsTheMoveOfDbToDrbdReactorAndFollowsItToThePreferredPeer(FxRobot robot) throws Exception {
        live();
        app.demo.cluster().tick(Duration.ofSeconds(600)); // db's resync from node-a to node-c ends first
        robot.clickOn("#menu-demo").clickOn("#demo-reactor");
        robot.interact(() -> app.ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, null,
                "db")));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.O).release(KeyCode.O, KeyCode.SHIFT, KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup("#evict-resource").tryQuery().isPresent());
        assertThat(find(robot, "#evict-resource", ComboBox.class).getValue()).isEqualTo("db");
        assertThat(find(robot, "#wizard-state", Label.class).getText()).as("the first page shows db's state now")
                .startsWith("db now: ").contains("node-a Primary · UpToDate").contains("node-c Secondary · UpToDate");
        robot.interact(() -> find(robot, "#evict-resource", ComboBox.class).setValue("web"));
        robot.interact(() -> find(robot, "#evict-resource", ComboBox.class).fireEvent(new javafx.event.ActionEvent()));
        assertThat(find(robot, "#wizard-state", Label.class).getText()).as("and follows the choice").startsWith(
                "web now: ");
        robot.interact(() -> find(robot, "#evict-resource", ComboBox.class).setValue("db"));
        robot.clickOn("#wizard-next");
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#check-takeover").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled());
        snapshot(robot, "#wizard-next", "evict-checks.png");
        robot.clickOn("#wizard-next");
        assertThat(find(robot, "#wizard-plan", TextArea.class).getText()).contains("drbd-reactorctl evict "
                + "--delay 20 /etc/drbd-reactor.d/db.toml").doesNotContain("drbdadm primary");
        robot.clickOn("#wizard-next");
        assertThat(find(robot, "#evict-reactor-state", TextArea.class).getText()).contains("It prefers node-a, then "
                + "node-c").contains("node-c takes over when node-a lets go").contains("postgresql.service active");
        robot.clickOn("#wizard-confirm-field").write("db"); // node-a is preferred: it takes db back when it rejoins
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#wizard-result").tryQuery().isPresent());
        assertThat(find(robot, "#wizard-result", Label.class).getText()).as(find(robot, "#wizard-result-message",
                Label.class).getText()).startsWith("Done and verified");
        assertThat(find(robot, "#wizard-result-message", Label.class).getText()).contains("drbd-reactor moved db "
                + "from node-a to node-c");
        robot.clickOn("#wizard-close");
        assertThat(new SimShell(app.demo.cluster(), "node-c", "root").run("drbdadm role db").stdout().strip())
                .isEqualTo("Primary");
        assertThat(new SimShell(app.demo.cluster(), "node-c", "root").run("systemctl is-active postgresql.service")
                .stdout()).isEqualTo("active\n");
    }

    @Test
    void aResourceWhoseFilesDifferGetsADriftBadgeInTheNavigator(FxRobot robot) throws Exception {
        live();
        ClusterEntry entry = app.ws.find(DemoCluster.NAME).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).alias("read by itself once the demo is live: archive, disconnected by "
                + "hand").until(() -> entry.driftProperty().get().containsKey("archive"));
        app.demo.cluster().editFile("node-a", "web", f -> f.withOptions(f.protocol(), f.allowTwoPrimaries(), 60 * 1024,
                f.verifyAlg()));
        ClusterEntry e = app.ws.find(DemoCluster.NAME).orElseThrow();
        robot.interact(() -> {
            app.ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, "node-a", "web"));
            e.readDrift(app.ws.tasks());
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> e.driftProperty().get().containsKey("web"));
        assertThat(e.driftProperty().get().get("web")).isEqualTo("the files differ between node-a and node-b; the "
                + "kernel runs other settings than the files on node-a");
        assertThat(e.driftProperty().get()).as("the others agree").doesNotContainKeys("db", "files", "vm-mail");
        assertThat(e.driftProperty().get().get("archive")).as("disconnected by hand: adjust would connect it")
                .isEqualTo("the kernel runs other settings than the files on node-c");
        await().atMost(Duration.ofSeconds(20)).until(() -> robot.lookup(".tree-cell").queryAll().stream().anyMatch(
                n -> n instanceof javafx.scene.control.TreeCell<?> c && c.getText() != null && c.getText()
                        .startsWith("web  (config drift)   ")));
    }
}
