// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.cluster.ResourceTopology;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.ui.diagram.ResourceDiagram;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.DetailsView;
import io.drbdpilot.ui.workspace.NavItem;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.shape.Line;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * With no cluster configured the window shows the demo, served over SSH on loopback and read by the real monitor;
 * faults from the Demo menu show in the navigator, the diagram and as notifications.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class DemoUiTest {

    @TempDir
    static Path dir;

    private DemoCluster demo;
    private WorkspaceViewModel ws;
    private MainWindow window;
    private DemoWindow app;

    @Start
    void start(Stage stage) throws Exception {
        app = DemoWindow.show(stage, dir, null);
        demo = app.demo;
        ws = app.ws;
        window = app.window;
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @SuppressWarnings("unchecked")
    private static TreeItem<NavItem> node(FxRobot robot, String name) {
        TreeView<NavItem> tree = robot.lookup("#navigator-tree").queryAs(TreeView.class);
        if (tree.getRoot().getChildren().isEmpty()) {
            return null;
        }
        TreeItem<NavItem> cluster = tree.getRoot().getChildren().get(0);
        return cluster.getChildren().stream().filter(i -> name.equals(i.getValue().node())).findFirst().orElse(null);
    }

    private void awaitLive(FxRobot robot) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ws.find(DemoCluster.NAME)
                .map(e -> e.phaseProperty().get() == ClusterEntry.Phase.LIVE).orElse(false));
    }

    private void select(FxRobot robot, String node, String resource) {
        robot.interact(() -> ws.selectionProperty().set(new WorkspaceViewModel.Selection(DemoCluster.NAME, node,
                resource)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoIsShownLabelledAndItsResyncProgresses(FxRobot robot) {
        awaitLive(robot);
        TreeView<NavItem> tree = robot.lookup("#navigator-tree").queryAs(TreeView.class);
        TreeItem<NavItem> cluster = tree.getRoot().getChildren().get(0);
        assertThat(cluster.getValue().label()).startsWith("Demo cluster (simulated)");
        assertThat(cluster.getChildren()).extracting(i -> i.getValue().node())
                .containsExactly("node-a", "node-b", "node-c");
        assertThat(robot.lookup("#map-simulated-tag").queryAs(Label.class).isVisible()).isTrue(); // on the landing map

        // The user opens node-a in the tree and picks db.
        robot.interact(() -> node(robot, "node-a").setExpanded(true));
        TreeItem<NavItem> db = node(robot, "node-a").getChildren().stream()
                .filter(i -> "db".equals(i.getValue().resource())).findFirst().orElseThrow();
        robot.interact(() -> tree.getSelectionModel().select(db));
        assertThat(robot.lookup("#details-title").queryAs(Label.class).getText()).isEqualTo("Resource db");
        TableView<DetailsView.Row> table = robot.lookup("#details-table").queryAs(TableView.class);
        List<DetailsView.Row> rows = new ArrayList<>();
        robot.interact(() -> rows.addAll(table.getItems()));
        assertThat(rows).allSatisfy(r -> assertThat(r.resource()).isEqualTo("db"));
        DetailsView.Row sync = rows.stream().filter(r -> r.node().equals("node-a")
                && r.replication().equals("SyncSource")).findFirst().orElseThrow();
        assertThat(sync.progress()).isBetween(0.0, 1.0);

        // The diagram's resync bar moves on as the simulated resync runs.
        ResourceDiagram diagram = robot.lookup("#resource-diagram").queryAs(ResourceDiagram.class);
        double first = resyncProgress(diagram);
        await().atMost(Duration.ofSeconds(10)).until(() -> resyncProgress(diagram) > first + 0.005
                || resyncDone(diagram));
    }

    private static double resyncProgress(ResourceDiagram d) {
        return d.topology().links().stream().filter(ResourceTopology.Link::resyncing)
                .mapToDouble(l -> l.progress() == null || l.progress().percent() == null ? 0 : l.progress().percent() / 100)
                .max().orElse(1.0);
    }

    private static boolean resyncDone(ResourceDiagram d) {
        return d.topology().links().stream().noneMatch(ResourceTopology.Link::resyncing);
    }

    @Test
    void crashingANodeFromTheDemoMenuMarksItUnreachableUntilTheReset(FxRobot robot) {
        awaitLive(robot);
        robot.clickOn("Demo").clickOn("#demo-crash");
        await().atMost(Duration.ofSeconds(15)).until(() -> node(robot, "node-b") != null
                && node(robot, "node-b").getValue().stale());
        assertThat(node(robot, "node-b").getValue().label()).contains("unreachable since");
        robot.clickOn("Demo").clickOn("#demo-reset");
        await().atMost(Duration.ofSeconds(20)).until(() -> node(robot, "node-b") != null
                && !node(robot, "node-b").getValue().stale());
    }

    @Test
    void theDiagramShowsACutLinkThenTheHealAndANotificationFires(FxRobot robot) throws Exception {
        awaitLive(robot);
        select(robot, "node-a", "db");
        ResourceDiagram diagram = robot.lookup("#resource-diagram").queryAs(ResourceDiagram.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> diagram.topology() != null
                && diagram.topology().boxes().size() == 3);
        assertThat(diagram.topology().boxes()).filteredOn(ResourceTopology.Box::primary)
                .extracting(ResourceTopology.Box::node).containsExactly("node-a");
        // a screen reader hears each box's state in words, the resync included (issue 23, part 6)
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String said = robot.lookup("#diagram-node-node-c").query().getAccessibleText();
            return said != null && said.startsWith("node-c, Secondary, disk Inconsistent")
                    && said.matches(".*resync [0-9.]+ percent from node-[ab].*");
        });
        assertThat(robot.lookup("#diagram-node-node-a").query().getAccessibleText())
                .isEqualTo("node-a, Primary, disk UpToDate");
        assertThat(robot.lookup("#diagram-node-node-a").query().isFocusTraversable()).as("Tab walks the boxes")
                .isTrue();
        // and so do the arrow keys, without leaving the diagram
        robot.interact(() -> robot.lookup("#diagram-node-node-a").query().requestFocus());
        robot.press(javafx.scene.input.KeyCode.RIGHT).release(javafx.scene.input.KeyCode.RIGHT);
        assertThat(robot.lookup("#diagram-node-node-a").query().isFocused()).isFalse();
        assertThat(diagram.getScene().getFocusOwner()).matches(n -> isIn(n, diagram), "inside the diagram");
        int alertsBefore = ws.alerts().size();

        robot.clickOn("Demo").clickOn("#demo-cut");
        await().atMost(Duration.ofSeconds(10)).until(() -> linkState(diagram, "node-a", "node-c")
                == ResourceTopology.LinkState.CONNECTING);
        Line line = robot.lookup(".diagram-link").queryAll().stream()
                .map(n -> (Line) n)
                .filter(l -> l.getPseudoClassStates().contains(PseudoClass.getPseudoClass("connecting")))
                .findFirst().orElseThrow();
        // The CSS makes a waiting link dashed; it applies on the pulse after the pseudo-class is set.
        await().atMost(Duration.ofSeconds(5)).until(() -> !line.getStrokeDashArray().isEmpty());

        // Degradation raises a desktop notification (ControlsFX), and the alert names the resource.
        await().atMost(Duration.ofSeconds(10)).until(() -> ws.alerts().size() > alertsBefore);
        assertThat(ws.alerts().get(ws.alerts().size() - 1).title()).startsWith("Degraded");
        await().atMost(Duration.ofSeconds(5)).until(() -> window.workspacePane().notificationsShown() > 0
                && notificationOnScreen(robot));

        robot.clickOn("Demo").clickOn("#demo-heal");
        await().atMost(Duration.ofSeconds(60)).until(() -> linkState(diagram, "node-a", "node-c")
                == ResourceTopology.LinkState.CONNECTED);
        Path png = Path.of("target", "screenshots", "diagram-db.png");
        Files.createDirectories(png.getParent());
        AtomicReference<Exception> failed = new AtomicReference<>();
        robot.interact(() -> {
            try {
                diagram.exportPng(png);
            } catch (IOException e) {
                failed.set(e);
            }
        });
        assertThat(failed.get()).isNull();
        assertThat(Files.size(png)).isGreaterThan(1000);
    }

    private static boolean isIn(javafx.scene.Node n, javafx.scene.Node parent) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (p == parent) {
                return true;
            }
        }
        return false;
    }

    private static boolean notificationOnScreen(FxRobot robot) {
        AtomicReference<Boolean> found = new AtomicReference<>(false);
        robot.interact(() -> found.set(Window.getWindows().stream().filter(Window::isShowing)
                .anyMatch(w -> w.getScene() != null && w.getScene().getRoot().lookup(".notification-bar") != null)));
        return found.get();
    }

    private static ResourceTopology.LinkState linkState(ResourceDiagram d, String a, String b) {
        if (d.topology() == null) {
            return null;
        }
        return d.topology().links().stream().filter(l -> l.a().equals(a) && l.b().equals(b)
                || l.a().equals(b) && l.b().equals(a)).findFirst().map(ResourceTopology.Link::state).orElse(null);
    }
}
