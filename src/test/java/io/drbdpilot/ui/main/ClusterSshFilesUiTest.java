// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.TestKeys;
import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.settings.Settings;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.ssh.OpenSshConfig;
import io.drbdpilot.ssh.SessionFactory;
import io.drbdpilot.ui.connect.FxPrompter;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
 * A cluster's own SSH files (issue 23): the window's sessions know no key and an empty known_hosts, so the simulated
 * nodes are reached only with the identity and known_hosts files typed into the connection manager; they are saved
 * with the cluster, used by the next window started from the same settings file, and shown there again.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class ClusterSshFilesUiTest {

    @TempDir
    Path dir;

    private SimServer server;
    private SettingsStore store;
    private SessionFactory bare;
    private Path key;
    private WorkspaceViewModel ws;
    private Stage stage;
    private final List<MainWindow> windows = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        key = TestKeys.clientKey(dir);
        server = new SimServer(SimClusters.lab84(false), Files.createDirectories(dir.resolve("state")),
                dir.resolve("authorized_keys"), 0).start();
        Path empty = dir.resolve("default_known_hosts");
        Files.writeString(empty, "");
        bare = new SessionFactory(OpenSshConfig.empty(dir, "root"), empty, new FxPrompter(() -> stage), List.of(),
                null, Duration.ofSeconds(10));
        store = new SettingsStore(dir.resolve("settings.json"));
        store.save(Settings.defaults());
        ws = open(stage, store);
    }

    private WorkspaceViewModel open(Stage on, SettingsStore from) {
        WorkspaceViewModel w = new WorkspaceViewModel(Platform::runLater);
        MainWindow window = new MainWindow(new MainViewModel(from, from.load()), new AboutDialog.AboutInfo("1.0.0",
                from.file().toString(), "/tmp", Optional.empty()), w, new NodeLinks(bare), null);
        window.show(on);
        windows.add(window);
        return w;
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx((Runnable) ws::close).get();
        server.close();
    }

    private static void editCell(FxRobot robot, TableView<NodeSettings> table, int row, int col, String text) {
        robot.interact(() -> {
            table.getSelectionModel().select(row);
            table.edit(row, table.getColumns().get(col));
        });
        robot.interact(() -> {
            TextField editor = robot.lookup("#conn-nodes .text-field").queryAs(TextField.class);
            editor.setText(text);
            editor.fireEvent(new ActionEvent()); // Enter in the cell editor commits
        });
    }

    @Test
    void theIdentityAndKnownHostsTypedInTheConnectionManagerAreUsedSavedAndUsedAgainAfterARestart(FxRobot robot)
            throws Exception {
        robot.interact(() -> windows.get(0).openConnections(false));
        robot.clickOn("#conn-add-cluster");
        robot.clickOn("#conn-add-node");
        robot.clickOn("#conn-add-node");
        @SuppressWarnings("unchecked")
        TableView<NodeSettings> nodes = robot.lookup("#conn-nodes").queryAs(TableView.class);
        editCell(robot, nodes, 0, 0, "alpha");
        editCell(robot, nodes, 0, 1, "root@127.0.0.1:" + server.port("alpha"));
        editCell(robot, nodes, 1, 0, "beta");
        editCell(robot, nodes, 1, 1, "root@127.0.0.1:" + server.port("beta"));

        // a file that is not there is refused by Save, in words
        robot.interact(() -> robot.lookup("#conn-identity").queryAs(TextField.class).setText(
                dir.resolve("no-such-key").toString()));
        robot.clickOn("#conn-save");
        assertThat(robot.lookup("#conn-problems").queryLabeled().getText()).contains("identity file")
                .contains("is not a readable file");
        assertThat(store.load().settings().clusters()).isEmpty();

        robot.interact(() -> {
            robot.lookup("#conn-identity").queryAs(TextField.class).setText(key.toString());
            robot.lookup("#conn-known-hosts").queryAs(TextField.class).setText(server.knownHostsFile().toString());
        });
        robot.clickOn("#conn-save");
        ClusterSettings saved = store.load().settings().clusters().get(0);
        assertThat(saved.identityFile()).isEqualTo(key.toString());
        assertThat(saved.knownHostsFile()).isEqualTo(server.knownHostsFile().toString());
        assertThat(Files.readString(store.file())).contains("\"identityFile\"").doesNotContain("PRIVATE KEY");
        // no host-key prompt and no key but the cluster's: both nodes live through the cluster's own files
        await().atMost(Duration.ofSeconds(30)).until(() -> ws.clusters().size() == 1
                && ws.clusters().get(0).phaseProperty().get() == ClusterEntry.Phase.LIVE);
        assertThat(ws.clusters().get(0).snapshotProperty().get().nodes()).allMatch(NodeView::isLive);
        assertThat(robot.lookup("#hostkey-dialog").tryQuery()).isEmpty();

        // a restart: the window closes, another starts from the same settings file
        WaitForAsyncUtils.asyncFx((Runnable) ws::close).get();
        robot.interact(stage::close);
        SettingsStore again = new SettingsStore(store.file());
        Stage second = WaitForAsyncUtils.asyncFx((Callable<Stage>) Stage::new).get();
        ws = WaitForAsyncUtils.asyncFx((Callable<WorkspaceViewModel>) () -> open(second, again)).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> ws.clusters().size() == 1
                && ws.clusters().get(0).phaseProperty().get() == ClusterEntry.Phase.LIVE);
        robot.interact(() -> windows.get(1).openConnections(false));
        assertThat(robot.lookup("#conn-identity").queryAs(TextField.class).getText()).isEqualTo(key.toString());
        assertThat(robot.lookup("#conn-known-hosts").queryAs(TextField.class).getText())
                .isEqualTo(server.knownHostsFile().toString());
        robot.clickOn("#conn-cancel");
        robot.interact(second::close);
    }
}
