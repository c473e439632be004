// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.settings.Settings;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.ui.demo.DemoViewModel;
import io.drbdpilot.ui.demo.DetailsView;
import io.drbdpilot.ui.demo.NavItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** With no cluster configured the window shows the demo, read through the real parsers, and faults act on it. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class DemoUiTest {

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) throws Exception {
        Path file = Files.createTempDirectory(dir, "cfg").resolve("settings.json");
        SettingsStore store = new SettingsStore(file);
        store.save(Settings.defaults());
        DemoViewModel demo = new DemoViewModel(new DemoCluster(), Platform::runLater, Duration.ofMillis(200));
        new MainWindow(new MainViewModel(store, store.load()),
                new AboutDialog.AboutInfo("1.0.0", file.toString(), "/tmp", Optional.empty()), demo).show(stage);
    }

    @SuppressWarnings("unchecked")
    private static TreeItem<NavItem> node(FxRobot robot, String name) {
        TreeView<NavItem> tree = robot.lookup("#navigator-tree").queryAs(TreeView.class);
        TreeItem<NavItem> cluster = tree.getRoot().getChildren().get(0);
        return cluster.getChildren().stream().filter(i -> name.equals(i.getValue().node())).findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoIsShownLabelledAndItsResyncIsVisible(FxRobot robot) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !robot.lookup("#navigator-tree")
                .queryAs(TreeView.class).getRoot().getChildren().isEmpty());
        TreeView<NavItem> tree = robot.lookup("#navigator-tree").queryAs(TreeView.class);
        TreeItem<NavItem> cluster = tree.getRoot().getChildren().get(0);
        assertThat(cluster.getValue().label()).isEqualTo("Demo cluster (simulated)");
        assertThat(cluster.getChildren()).extracting(i -> i.getValue().node())
                .containsExactly("node-a", "node-b", "node-c");
        assertThat(robot.lookup(".simulated-tag").queryAs(Label.class).getText()).isEqualTo("SIMULATED");

        TreeItem<NavItem> db = node(robot, "node-a").getChildren().stream()
                .filter(i -> "db".equals(i.getValue().resource())).findFirst().orElseThrow();
        robot.interact(() -> {
            node(robot, "node-a").setExpanded(true);
            tree.getSelectionModel().select(db);
        });
        assertThat(robot.lookup("#details-title").queryAs(Label.class).getText()).isEqualTo("Resource db");
        TableView<DetailsView.Row> table = robot.lookup("#details-table").queryAs(TableView.class);
        // Snapshot on the FX thread: the demo refreshes the table while the test reads it.
        java.util.List<DetailsView.Row> rows = new java.util.ArrayList<>();
        robot.interact(() -> rows.addAll(table.getItems()));
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.node()).isEqualTo("node-a");
            assertThat(r.replication()).isEqualTo("SyncSource");
            assertThat(r.progress()).isBetween(0.0, 1.0);
        });
        assertThat(rows).allSatisfy(r -> assertThat(r.resource()).isEqualTo("db"));
    }

    @Test
    void crashingANodeFromTheDemoMenuMarksItUnreachable(FxRobot robot) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                return node(robot, "node-b") != null;
            } catch (RuntimeException e) {
                return false;
            }
        });
        robot.clickOn("Demo").clickOn("#demo-crash");
        await().atMost(Duration.ofSeconds(10)).until(() -> node(robot, "node-b").getValue().stale());
        assertThat(node(robot, "node-b").getValue().label()).contains("unreachable");
        robot.clickOn("Demo").clickOn("#demo-reset");
        await().atMost(Duration.ofSeconds(10)).until(() -> !node(robot, "node-b").getValue().stale());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDiagramShowsACutLinkThenTheResyncAfterTheHeal(FxRobot robot) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                return node(robot, "node-a") != null;
            } catch (RuntimeException e) {
                return false;
            }
        });
        TreeView<NavItem> tree = robot.lookup("#navigator-tree").queryAs(TreeView.class);
        robot.interact(() -> {
            TreeItem<NavItem> a = node(robot, "node-a");
            a.setExpanded(true);
            tree.getSelectionModel().select(a.getChildren().stream()
                    .filter(i -> "db".equals(i.getValue().resource())).findFirst().orElseThrow());
        });
        io.drbdpilot.ui.diagram.ResourceDiagram diagram = robot.lookup("#resource-diagram")
                .queryAs(io.drbdpilot.ui.diagram.ResourceDiagram.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> diagram.topology() != null
                && diagram.topology().boxes().size() == 3);
        assertThat(diagram.topology().boxes()).filteredOn(b -> b.primary()).extracting(b -> b.node())
                .containsExactly("node-a");

        robot.clickOn("Demo").clickOn("#demo-cut");
        await().atMost(Duration.ofSeconds(10)).until(() -> linkState(diagram, "node-a", "node-c")
                == io.drbdpilot.cluster.ResourceTopology.LinkState.CONNECTING);
        javafx.scene.shape.Line line = robot.lookup(".diagram-link").queryAll().stream()
                .map(n -> (javafx.scene.shape.Line) n)
                .filter(l -> l.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("connecting")))
                .findFirst().orElseThrow();
        assertThat(line.getStrokeDashArray()).isNotEmpty(); // the CSS makes a waiting link dashed

        robot.interact(() -> { }); // let the demo write while apart, then heal
        robot.clickOn("Demo").clickOn("#demo-heal");
        await().atMost(Duration.ofSeconds(15)).until(() -> diagram.topology().links().stream()
                .anyMatch(l -> l.resyncing()) || linkState(diagram, "node-a", "node-c")
                == io.drbdpilot.cluster.ResourceTopology.LinkState.CONNECTED);
        await().atMost(Duration.ofSeconds(60)).until(() -> linkState(diagram, "node-a", "node-c")
                == io.drbdpilot.cluster.ResourceTopology.LinkState.CONNECTED);
        Path png = Path.of("target", "screenshots", "diagram-db.png");
        Files.createDirectories(png.getParent());
        robot.interact(() -> {
            try {
                diagram.exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(Files.size(png)).isGreaterThan(1000);
    }

    private static io.drbdpilot.cluster.ResourceTopology.LinkState linkState(
            io.drbdpilot.ui.diagram.ResourceDiagram d, String a, String b) {
        return d.topology().links().stream().filter(l -> l.a().equals(a) && l.b().equals(b)
                || l.a().equals(b) && l.b().equals(a)).findFirst().map(l -> l.state()).orElse(null);
    }
}
