// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.TestKeys;
import io.drbdpilot.cluster.ClusterMatrix;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.settings.Settings;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.sim.SimVersion;
import io.drbdpilot.ssh.OpenSshConfig;
import io.drbdpilot.ssh.SessionFactory;
import io.drbdpilot.ui.connect.FxPrompter;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.NavItem;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
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
 * The workspace against simulated nodes over real SSH, with the GUI's own prompts: importing a cluster through the
 * connection manager (accepting each new host key), refusing a changed key, and the overview of 1000 resources.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class WorkspaceUiTest {

    @TempDir
    Path dir;

    private SimServer server;
    private SettingsStore store;
    private WorkspaceViewModel ws;
    private SessionFactory sessions;
    private Path knownHosts;
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path key = TestKeys.clientKey(dir);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "");
        store = new SettingsStore(dir.resolve("settings.json"));
        store.save(Settings.defaults());
        ws = new WorkspaceViewModel(Platform::runLater);
        sessions = new SessionFactory(OpenSshConfig.empty(dir, "root"), knownHosts, new FxPrompter(() -> stage),
                List.of(key), null, Duration.ofSeconds(10));
        window = new MainWindow(new MainViewModel(store, store.load()),
                new AboutDialog.AboutInfo("1.0.0", store.file().toString(), "/tmp", Optional.empty()), ws, new NodeLinks(sessions),
                null);
        window.show(stage);
    }

    private SimServer serve(SimCluster cluster) throws Exception {
        server = new SimServer(cluster, Files.createDirectories(dir.resolve("state")), dir.resolve("authorized_keys"),
                0).start();
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx((Runnable) ws::close).get();
        if (server != null) {
            server.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void importsAClusterFromOneNodeAcceptingEachNewHostKeyThenTestsSavesAndShowsIt(FxRobot robot) throws Exception {
        serve(SimClusters.lab84(false));
        int alpha = server.port("alpha");
        int beta = server.port("beta");
        robot.clickOn("#welcome-import");
        robot.lookup("#import-target").queryTextInputControl();
        robot.interact(() -> robot.lookup("#import-target").queryTextInputControl().setText("root@127.0.0.1:"
                + alpha));
        robot.type(KeyCode.ENTER);

        // alpha's key is new: the dialog shows its type and SHA256 fingerprint; Reject is the default.
        await().atMost(Duration.ofSeconds(15)).until(() -> robot.lookup("#hostkey-dialog").tryQuery().isPresent());
        String fp = robot.lookup("#hostkey-fingerprint").queryTextInputControl().getText();
        assertThat(fp).startsWith("SHA256:").isEqualTo(server.fingerprint("alpha"));
        robot.clickOn("#hostkey-accept");
        assertThat(Files.readString(knownHosts)).contains("[127.0.0.1]:" + alpha);

        ListView<ClusterSettings> list = robot.lookup("#connections-list").queryAs(ListView.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> list.getItems().size() == 1);
        ClusterSettings imported = list.getItems().get(0);
        assertThat(imported.nodes()).extracting(NodeSettings::name).containsExactly("alpha", "beta");
        assertThat(imported.nodes().get(0).target()).isEqualTo("root@127.0.0.1:" + alpha);

        // beta's proposed target (its DRBD host name) is not how SSH reaches it here: edit the cell.
        TableView<NodeSettings> nodes = robot.lookup("#conn-nodes").queryAs(TableView.class);
        robot.interact(() -> {
            nodes.getSelectionModel().select(1);
            nodes.edit(1, nodes.getColumns().get(1));
        });
        robot.interact(() -> {
            TextField editor = robot.lookup("#conn-nodes .text-field").queryAs(
                    TextField.class);
            editor.setText("root@127.0.0.1:" + beta);
            editor.fireEvent(new ActionEvent()); // Enter in the cell editor commits
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> nodes.getItems().get(1).target()
                .equals("root@127.0.0.1:" + beta));

        robot.clickOn("#conn-test");
        await().atMost(Duration.ofSeconds(15)).until(() -> robot.lookup("#hostkey-dialog").tryQuery().isPresent());
        robot.clickOn("#hostkey-accept");
        ListView<String> results = robot.lookup("#conn-results").queryAs(ListView.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> results.getItems().stream()
                .filter(s -> s.startsWith("✔")).count() == 2);
        assertThat(results.getItems()).anySatisfy(s -> assertThat(s).contains("alpha").contains("DRBD 8.4.11"));

        robot.clickOn("#conn-save");
        Settings saved = store.load().settings();
        assertThat(saved.clusters()).hasSize(1);
        assertThat(saved.clusters().get(0).nodes()).extracting(NodeSettings::target)
                .containsExactly("root@127.0.0.1:" + alpha, "root@127.0.0.1:" + beta);
        await().atMost(Duration.ofSeconds(20)).until(() -> ws.clusters().size() == 1
                && ws.clusters().get(0).phaseProperty().get() == ClusterEntry.Phase.LIVE);
        assertThat(ws.clusters().get(0).snapshotProperty().get().nodes()).allMatch(NodeView::isLive);
    }

    @Test
    void aChangedHostKeyIsRefusedLoudlyAndNothingIsWritten(FxRobot robot) throws Exception {
        serve(SimClusters.lab84(false));
        int alpha = server.port("alpha");
        // known_hosts says alpha has another key (beta's): the key "changed".
        String betaLine = Files.readAllLines(server.knownHostsFile()).stream()
                .filter(l -> l.startsWith("[127.0.0.1]:" + server.port("beta") + " ")).findFirst().orElseThrow();
        String forged = betaLine.replace("[127.0.0.1]:" + server.port("beta"), "[127.0.0.1]:" + alpha);
        Files.writeString(knownHosts, forged + "\n");
        robot.interact(() -> ws.open(new ClusterSettings("forged", List.of(new NodeSettings("alpha",
                "root@127.0.0.1:" + alpha, false))), new NodeLinks(sessions), false));

        await().atMost(Duration.ofSeconds(15)).until(() -> robot.lookup("#hostkey-changed-dialog").tryQuery()
                .isPresent());
        String header = ((DialogPane) robot.lookup("#hostkey-changed-dialog").query())
                .getHeaderText();
        assertThat(header).contains("CHANGED");
        assertThat(robot.lookup("#hostkey-changed-dialog").queryAs(DialogPane.class)
                .getContent().lookupAll(".copyable")).extracting(n -> ((TextField) n).getText())
                .contains(server.fingerprint("alpha"));
        assertThat(robot.lookup("#hostkey-dialog").tryQuery()).isEmpty(); // no way to accept it here
        assertThat(Files.readString(knownHosts)).isEqualTo(forged + "\n");
        ClusterEntry e = ws.find("forged").orElseThrow();
        assertThat(e.snapshotProperty().get().nodes().get(0).isLive()).isFalse();
    }

    @Test
    void rejectingAnUnknownKeyLeavesTheNodeDisconnectedAndKnownHostsUntouched(FxRobot robot) throws Exception {
        serve(SimClusters.lab84(false));
        int alpha = server.port("alpha");
        robot.interact(() -> ws.open(new ClusterSettings("new", List.of(new NodeSettings("alpha",
                "root@127.0.0.1:" + alpha, false))), new NodeLinks(sessions), false));
        await().atMost(Duration.ofSeconds(15)).until(() -> robot.lookup("#hostkey-dialog").tryQuery().isPresent());
        robot.clickOn("#hostkey-reject");
        await().atMost(Duration.ofSeconds(10)).until(() -> ws.find("new").map(e -> e.snapshotProperty().get()
                .nodes().get(0)).map(v -> v.reason() != null && v.reason().contains("not accepted")).orElse(false));
        assertThat(Files.readString(knownHosts)).isEmpty();
    }

    @Test
    void theOverviewOfAThousandResourcesOpensAndAClickOpensTheResource(FxRobot robot) throws Exception {
        openBig(robot);
        robot.interact(() -> robot.lookup("#workspace-tabs").queryAs(TabPane.class).getSelectionModel()
                .select(WorkspacePane.OVERVIEW));
        await().atMost(Duration.ofSeconds(60)).until(() -> window.workspacePane().overview().matrix() != null
                && window.workspacePane().overview().matrix().resources().size() == 1000
                && window.workspacePane().overview().matrix().live() == 4);
        ClusterMatrix d = window.workspacePane().overview().matrix();
        assertThat(d.nodes()).containsExactly("node-1", "node-2", "node-3", "node-4");
        assertThat(d.cell(d.rowOf("r0"), 0)).isEqualTo(ClusterMatrix.Cell.PRIMARY);
        assertThat(d.cell(d.rowOf("r1"), 0)).isEqualTo(ClusterMatrix.Cell.ABSENT);
        assertThat(window.workspacePane().overview().draws()).isPositive();

        // The keyboard walks the cells and says each in words; Enter opens one (issue 23, part 6).
        Node area = robot.lookup("#overview-area").query();
        robot.interact(area::requestFocus);
        robot.press(KeyCode.DOWN).release(KeyCode.DOWN);
        assertThat(window.workspacePane().overview().cursorText()).startsWith(d.resources().get(1) + " on node-1: ");
        robot.press(KeyCode.END).release(KeyCode.END);
        assertThat(window.workspacePane().overview().cursorText()).startsWith(d.resources().get(999) + " on node-1");
        robot.press(KeyCode.HOME).release(KeyCode.HOME);
        assertThat(window.workspacePane().overview().cursorText()).isEqualTo("r0 on node-1: "
                + "healthy Primary (Enter or a click opens it)");
        assertThat(area.getAccessibleText()).isEqualTo(window.workspacePane().overview().cursorText());
        robot.press(KeyCode.RIGHT).release(KeyCode.RIGHT);
        assertThat(window.workspacePane().overview().cursorText()).startsWith("r0 on node-2: ");
        robot.press(KeyCode.LEFT).release(KeyCode.LEFT);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        await().atMost(Duration.ofSeconds(5)).until(() -> new WorkspaceViewModel.Selection("big", "node-1", "r0")
                .equals(ws.selectionProperty().get()));
        robot.interact(() -> ws.selectionProperty().set(null));
        robot.interact(() -> robot.lookup("#workspace-tabs").queryAs(TabPane.class).getSelectionModel()
                .select(WorkspacePane.OVERVIEW));

        // The first row is r0 (sorted); its cell on node-1 sits right of the names, under the header.
        Bounds b = area.localToScreen(area.getBoundsInLocal());
        robot.clickOn(b.getMinX() + 150 + 5, b.getMinY() + 70 + 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> new WorkspaceViewModel.Selection("big", "node-1", "r0")
                .equals(ws.selectionProperty().get()));
        assertThat(robot.lookup("#workspace-tabs").queryAs(TabPane.class).getSelectionModel().getSelectedIndex())
                .isEqualTo(WorkspacePane.DETAILS);
        assertThat(robot.lookup("#details-title").queryLabeled().getText()).isEqualTo("Resource r0");
    }

    @Test
    void theNavigatorsFilterOpensNodesWithFewMatchesAndClosesWhatItOpened(FxRobot robot) throws Exception {
        openBig(robot);
        ClusterEntry big = ws.find("big").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> big.matrixProperty().get() != null
                && big.matrixProperty().get().live() == 4);
        @SuppressWarnings("unchecked")
        TreeView<NavItem> tree = robot.lookup("#navigator-tree").queryAs(TreeView.class);
        TreeItem<NavItem> cluster = tree.getRoot().getChildren().get(0);
        assertThat(cluster.getChildren()).hasSize(4).noneMatch(TreeItem::isExpanded);

        // A few matches on each node (r12, r120..r129: 11 names, each on two or three nodes): each node opens and
        // lists exactly its resources whose name holds the text, case ignored.
        robot.interact(() -> window.workspacePane().navigator().filterField().setText("R12"));
        for (TreeItem<NavItem> n : List.copyOf(cluster.getChildren())) {
            List<String> want = namesOn(big, n.getValue().node(), "r12");
            assertThat(want).isNotEmpty().hasSizeLessThanOrEqualTo(50);
            assertThat(n.isExpanded()).as(n.getValue().node()).isTrue();
            assertThat(n.getChildren()).extracting(i -> i.getValue().resource()).containsExactlyElementsOf(want);
            assertThat(n.getValue().label()).contains("   " + want.size() + "/"
                    + namesOn(big, n.getValue().node(), "").size());
        }

        // Over 50 matches per node (r1, r10.., r100..r199): the filter closes what it opened; each says its count.
        robot.interact(() -> window.workspacePane().navigator().filterField().setText("r1"));
        assertThat(cluster.getChildren()).hasSize(4).noneMatch(TreeItem::isExpanded);
        for (TreeItem<NavItem> n : List.copyOf(cluster.getChildren())) {
            assertThat(namesOn(big, n.getValue().node(), "r1")).hasSizeGreaterThan(50);
            assertThat(n.getValue().label()).contains("   " + namesOn(big, n.getValue().node(), "r1").size() + "/");
        }

        // What the user opens stays open when the filter ends; what the filter opened closes again.
        robot.interact(() -> window.workspacePane().navigator().filterField().setText("r12"));
        TreeItem<NavItem> two = cluster.getChildren().stream().filter(n -> n.getValue().node().equals("node-2"))
                .findFirst().orElseThrow();
        robot.interact(() -> two.setExpanded(false));
        robot.interact(() -> two.setExpanded(true)); // the user's own
        robot.interact(() -> window.workspacePane().navigator().filterField().setText("r1"));
        assertThat(two.isExpanded()).isTrue();
        assertThat(two.getChildren()).extracting(i -> i.getValue().resource())
                .containsExactlyElementsOf(namesOn(big, "node-2", "r1"));
        robot.interact(() -> window.workspacePane().navigator().filterField().setText(""));
        assertThat(cluster.getChildren()).hasSize(4);
        for (TreeItem<NavItem> n : List.copyOf(cluster.getChildren())) {
            boolean user = n == two;
            assertThat(n.isExpanded()).as(n.getValue().node()).isEqualTo(user);
            assertThat(n.getChildren()).hasSize(user ? namesOn(big, "node-2", "").size() : 1);
        }
    }

    /** Serves 4 simulated nodes with 1000 resources (r0..r999, on two or three nodes each) and opens them as "big". */
    private void openBig(FxRobot robot) throws Exception {
        serve(SimClusters.layout(SimVersion.V9, 4, 1000));
        Files.copy(server.knownHostsFile(), knownHosts, StandardCopyOption.REPLACE_EXISTING);
        List<NodeSettings> nodes = List.of("node-1", "node-2", "node-3", "node-4").stream()
                .map(n -> new NodeSettings(n, "root@127.0.0.1:" + server.port(n), false)).toList();
        robot.interact(() -> ws.open(new ClusterSettings("big", nodes), new NodeLinks(sessions), false));
    }

    /** The names of a node's resources that hold the text, in the node's order: what the navigator should list. */
    private static List<String> namesOn(ClusterEntry e, String node, String text) {
        return e.snapshotProperty().get().nodes().stream().filter(n -> n.node().equals(node)).findFirst()
                .orElseThrow().resources().stream().map(r -> r.name()).filter(r -> r.contains(text)).toList();
    }
}
