// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.cluster.ClusterMap;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.ClusterMapView;
import io.drbdpilot.ui.workspace.NavItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.shape.Line;
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
 * The cluster map (issue 23, part 1) on the demo over SSH: the landing page, a line that follows a cut and a heal in
 * its label, colour and pattern, and clicks (and Enter) that narrow the navigator to a pair's or a node's resources.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class ClusterMapUiTest {

    @TempDir
    static Path dir;

    private DemoWindow app;

    @Start
    void start(Stage stage) throws Exception {
        app = DemoWindow.show(stage, dir, null);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private static boolean has(Line l, String look) {
        return l.getPseudoClassStates().contains(PseudoClass.getPseudoClass(look));
    }

    @SuppressWarnings("unchecked")
    private static List<TreeItem<NavItem>> shownNodes(FxRobot robot) {
        TreeView<NavItem> tree = robot.lookup("#navigator-tree").queryAs(TreeView.class);
        return List.copyOf(tree.getRoot().getChildren().get(0).getChildren());
    }

    private static Set<String> resourcesUnder(TreeItem<NavItem> node) {
        return node.getChildren().stream().map(i -> i.getValue().resource()).filter(r -> r != null)
                .collect(Collectors.toSet());
    }

    @Test
    void theMapLandsFollowsACutAndAHealAndItsClicksNarrowTheNavigator(FxRobot robot) {
        await().atMost(Duration.ofSeconds(20)).until(() -> app.ws.find(DemoCluster.NAME)
                .map(e -> e.phaseProperty().get() == ClusterEntry.Phase.LIVE).orElse(false));
        TabPane tabs = robot.lookup("#workspace-tabs").queryAs(TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("tab-map");
        ClusterMapView view = app.window.workspacePane().map();
        await().atMost(Duration.ofSeconds(10)).until(() -> view.map() != null && view.map().pairs().size() == 3);
        assertThat(view.map().nodes()).extracting(ClusterMap.NodeBox::node)
                .containsExactly("node-a", "node-b", "node-c");
        Label ab = view.linkLabel("node-a", "node-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> ab.getText().equals("✔ 3 ok")); // web, db, files
        assertThat(has(view.link("node-a", "node-b"), "ok")).isTrue();
        assertThat(robot.lookup("#map-node-node-a").query().getAccessibleText()).startsWith("node-a, DRBD 9.");

        // The link is cut: the line turns to a warning in DRBD 9's word for it, dashed, and says so to a reader.
        app.demo.cluster().cut("node-a", "node-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> ab.getText().contains("Connecting"));
        Line line = view.link("node-a", "node-b");
        await().atMost(Duration.ofSeconds(5)).until(() -> has(line, "warning") && !line.getStrokeDashArray()
                .isEmpty());
        assertThat(ab.getText()).startsWith("⚠ ");
        assertThat(ab.getAccessibleText()).startsWith("link node-a to node-b, warning: ");
        assertThat(view.box("node-a").getPseudoClassStates()).contains(PseudoClass.getPseudoClass("warning"));

        // The heal: back to ok, solid.
        app.demo.cluster().heal("node-a", "node-b");
        await().atMost(Duration.ofSeconds(60)).until(() -> ab.getText().equals("✔ 3 ok"));
        await().atMost(Duration.ofSeconds(5)).until(() -> has(line, "ok") && line.getStrokeDashArray().isEmpty());

        // A click on a line lists that pair's resources, and only them.
        ClusterMap.Pair ac = view.map().pairs().stream().filter(p -> p.key().equals("node-a|node-c")).findFirst()
                .orElseThrow();
        robot.clickOn(view.linkLabel("node-a", "node-c"));
        await().atMost(Duration.ofSeconds(5)).until(() -> shownNodes(robot).size() == 2);
        assertThat(shownNodes(robot)).extracting(i -> i.getValue().node()).containsExactly("node-a", "node-c");
        assertThat(shownNodes(robot)).allSatisfy(n -> assertThat(resourcesUnder(n))
                .isEqualTo(Set.copyOf(ac.resources())));
        assertThat(robot.lookup("#navigator-scope").queryAs(Label.class).getText())
                .isEqualTo("Only node-a ↔ node-c · " + ac.resources().size() + " resources");

        // "Show all" gives everything back; a click on a node box lists that node's resources.
        robot.clickOn("#navigator-scope-clear");
        await().atMost(Duration.ofSeconds(5)).until(() -> shownNodes(robot).size() == 3);
        // (node-a's box: the cut's notifications sit at the bottom right, over node-b's)
        robot.clickOn(view.box("node-a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> shownNodes(robot).size() == 1);
        assertThat(shownNodes(robot).get(0).getValue().node()).isEqualTo("node-a");
        assertThat(resourcesUnder(shownNodes(robot).get(0))).containsExactlyInAnyOrder("web", "db", "files",
                "archive");

        // The keyboard does the same: Enter on a focused box.
        robot.interact(() -> view.box("node-b").requestFocus());
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        await().atMost(Duration.ofSeconds(5)).until(() -> shownNodes(robot).size() == 1
                && shownNodes(robot).get(0).getValue().node().equals("node-b"));
        assertThat(resourcesUnder(shownNodes(robot).get(0))).containsExactlyInAnyOrder("web", "db", "files",
                "vm-mail");

        // The arrow keys walk the map's parts: the next box, and End to the last line's label.
        robot.press(KeyCode.RIGHT).release(KeyCode.RIGHT);
        assertThat(view.box("node-c").isFocused()).isTrue();
        robot.press(KeyCode.END).release(KeyCode.END);
        assertThat(view.linkLabel("node-b", "node-c").isFocused()).isTrue();
        robot.press(KeyCode.RIGHT).release(KeyCode.RIGHT); // round to the first
        assertThat(view.box("node-a").isFocused()).isTrue();

        // Picking a resource from the narrowed list opens its details.
        TreeItem<NavItem> first = shownNodes(robot).get(0).getChildren().get(0);
        @SuppressWarnings("unchecked")
        TreeView<NavItem> tree = robot.lookup("#navigator-tree").queryAs(TreeView.class);
        robot.interact(() -> tree.getSelectionModel().select(first));
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("tab-details");
        assertThat(robot.lookup("#details-title").queryAs(Label.class).getText())
                .isEqualTo("Resource " + first.getValue().resource());
    }
}
