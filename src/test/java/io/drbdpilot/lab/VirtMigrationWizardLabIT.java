// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static io.drbdpilot.ui.FxShots.find;
import static io.drbdpilot.ui.FxShots.snapshot;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.settings.Settings;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.ssh.ChannelOpener;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.OpenSshConfig;
import io.drbdpilot.ssh.SshTarget;
import io.drbdpilot.ui.main.AboutDialog;
import io.drbdpilot.ui.main.MainViewModel;
import io.drbdpilot.ui.main.MainWindow;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The migration wizard on the real hypervisor, as an operator walks it (TestFX, headless): the window connected to
 * the virt lab's alpha and beta, vm1 picked from the node's VMs and services, live to the other node, the checks, the
 * plan, the run with its dual-primary timeline, and the verified result (-Dlab.virt=true).
 */
@ExtendWith(ApplicationExtension.class)
class VirtMigrationWizardLabIT {

    @TempDir
    static Path dir;

    private WorkspaceViewModel ws;

    /** vm1 defined and running on one node (as VirtMigrationLabIT leaves it, or started on alpha). */
    @BeforeAll
    static void vm1Runs() throws Exception {
        if (!Boolean.getBoolean("lab.virt")) {
            return;
        }
        String where = VirtMigrationLabIT.vm("where");
        if (!where.contains("vm1 running")) {
            if (where.contains("not defined")) {
                VirtMigrationLabIT.vm("define");
            }
            VirtMigrationLabIT.vm("start", "alpha");
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        if (!Boolean.getBoolean("lab.virt")) {
            return;
        }
        String[] nodes = System.getProperty("lab.nodes", "").split(",");
        SettingsStore store = new SettingsStore(Files.createTempDirectory(dir, "cfg").resolve("settings.json"));
        store.save(Settings.defaults().withClusters(List.of(new ClusterSettings("virt-lab", List.of(
                new NodeSettings("alpha", nodes[0], false), new NodeSettings("beta", nodes[1], false))))));
        ChannelOpener opener = new ChannelOpener() {
            @Override
            public SshTarget resolve(String spec) {
                return OpenSshConfig.empty(Path.of(System.getProperty("user.home")), "root").resolve(spec);
            }

            @Override
            public NodeChannel open(String spec) {
                return LabNodes.session(spec, Duration.ofSeconds(3), 8);
            }
        };
        ws = new WorkspaceViewModel(Platform::runLater);
        MainWindow window = new MainWindow(new MainViewModel(store, store.load()), new AboutDialog.AboutInfo("1.0.0",
                "settings.json", "/tmp", Optional.empty()), ws, new NodeLinks(opener), null);
        window.setAuditFile(Path.of("target/lab-audit.jsonl"));
        window.show(stage);
    }

    @AfterEach
    void stop() throws Exception {
        if (ws != null) {
            WaitForAsyncUtils.asyncFx((Runnable) ws::close).get();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void walksALiveMigrationOfVm1OnTheRealHypervisor(FxRobot robot) throws Exception {
        assumeThat(Boolean.getBoolean("lab.virt")).as("the virt lab: -Dlab.virt=true").isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> ws.find("virt-lab")
                .map(e -> e.phaseProperty().get() == ClusterEntry.Phase.LIVE).orElse(false));
        robot.interact(() -> ws.selectionProperty().set(new WorkspaceViewModel.Selection("virt-lab", "alpha",
                null)));
        robot.clickOn("VMs and services");
        TableView<Workload> table = find(robot, "#workloads-table", TableView.class);
        // discovery asks every node (libvirt and the mounts), over the emulated lab that takes seconds
        await().atMost(Duration.ofSeconds(90)).until(() -> table.getItems().stream()
                .anyMatch(w -> w.name().equals("vm1") && w.running()));
        Workload vm1 = table.getItems().stream().filter(w -> w.name().equals("vm1")).findFirst().orElseThrow();
        String from = vm1.node();
        robot.interact(() -> table.getSelectionModel().select(vm1));
        robot.clickOn("#workloads-migrate");
        assertThat(from).as("vm1 runs on alpha or beta").isNotNull();
        String to = from.equals("alpha") ? "beta" : "alpha";
        await().atMost(Duration.ofSeconds(60)).until(() -> robot.lookup("#migration-workloads").tryQuery()
                .map(n -> ((ListView<Workload>) n).getSelectionModel().getSelectedItem() != null).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(find(robot, "#migration-resources", Label.class).getText()).contains("r1");
        assertThat(find(robot, "#migration-target", ComboBox.class).getItems()).containsExactly(to);
        assertThat(find(robot, "#migration-live", RadioButton.class).isSelected()).isTrue();
        robot.clickOn("#wizard-next");
        await().atMost(Duration.ofSeconds(120)).until(() -> robot.lookup("#check-transport").tryQuery().isPresent()
                && !find(robot, "#wizard-next", Button.class).isDisabled());
        robot.clickOn("#wizard-next");
        assertThat(find(robot, "#wizard-plan", TextArea.class).getText()).contains("virsh migrate --live");
        robot.clickOn("#wizard-next");
        robot.clickOn("#wizard-run");
        await().atMost(Duration.ofSeconds(120)).until(() -> find(robot, "#migration-window-summary", Label.class)
                .getText().contains("r1 open for"));
        snapshot(robot, "#migration-timeline", "migration-lab-run.png");
        await().atMost(Duration.ofSeconds(300)).until(() -> robot.lookup("#wizard-result").tryQuery().isPresent());
        assertThat(find(robot, "#wizard-result", Label.class).getText()).as(find(robot, "#wizard-result-message",
                Label.class).getText()).startsWith("Done and verified");
        assertThat(find(robot, "#migration-window-summary", Label.class).getText()).contains("r1 closed after");
        assertThat(find(robot, "#wizard-result-message", Label.class).getText()).contains("vm1 runs on " + to);
        snapshot(robot, "#wizard-result", "migration-lab-result.png");
        VirtMigrationLabIT.note("wizard " + from + " -> " + to + ": " + find(robot, "#wizard-result", Label.class)
                .getText() + "; " + find(robot, "#migration-window-summary", Label.class).getText());
        robot.clickOn("#wizard-close");
    }
}
