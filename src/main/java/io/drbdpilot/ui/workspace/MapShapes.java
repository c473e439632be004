// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.ClusterMap;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;

/**
 * The cluster map's shapes: a node's box and a pair's line with its label. Each look is a pseudo-class (its colour and
 * pattern come from the stylesheet) and a mark in the text, so no state is told by colour alone; each shape is updated
 * in place, so focus and hover survive the cluster's updates.
 */
final class MapShapes {

    static final Map<ClusterMap.Look, PseudoClass> LOOKS = new EnumMap<>(ClusterMap.Look.class);
    static final Map<ClusterMap.Look, String> MARKS = Map.of(ClusterMap.Look.OK, "✔",
            ClusterMap.Look.SYNC, "⟳", ClusterMap.Look.WARNING, "⚠", ClusterMap.Look.STALE, "?",
            ClusterMap.Look.DANGER, "✖");
    private static final PseudoClass COMPACT = PseudoClass.getPseudoClass("compact");

    static {
        for (ClusterMap.Look l : ClusterMap.Look.values()) {
            LOOKS.put(l, PseudoClass.getPseudoClass(l.name().toLowerCase(Locale.ROOT)));
        }
    }

    private MapShapes() {
    }

    /** A click, or Enter or Space on the focused part, runs {@code action}. */
    static void onActivate(Node part, Node focus, Runnable action) {
        part.setOnMouseClicked(e -> {
            focus.requestFocus();
            action.run();
        });
        part.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                action.run();
                e.consume();
            }
        });
    }

    private static void look(Node n, ClusterMap.Look look) {
        LOOKS.forEach((l, pc) -> n.pseudoClassStateChanged(pc, l == look));
    }

    /** One node's box: name, versions, resources, roles, health; a small box shows the name and the health only. */
    static final class NodeShape extends VBox {
        private final Label name = new Label();
        private final Label versions = new Label();
        private final Label count = new Label();
        private final Label roles = new Label();
        private final Label health = new Label();
        private final Tooltip tip = new Tooltip();

        NodeShape(String node, double width, Runnable narrow) {
            super(2);
            name.getStyleClass().add("map-node-name");
            versions.getStyleClass().add("text-muted");
            health.getStyleClass().add("map-node-health");
            getChildren().addAll(name, versions, count, roles, health);
            getChildren().forEach(c -> ((Label) c).setWrapText(true)); // the box grows; its text is never cut
            getStyleClass().add("map-node");
            setId("map-node-" + node);
            setPrefWidth(width);
            setMaxWidth(width);
            setFocusTraversable(true);
            setAccessibleRole(AccessibleRole.BUTTON);
            Tooltip.install(this, tip);
            onActivate(this, this, narrow);
        }

        void fill(ClusterMap.NodeBox n) {
            name.setText(MARKS.get(n.look()) + " " + n.node());
            versions.setText(n.versions());
            count.setText(n.resources() + (n.resources() == 1 ? " resource" : " resources"));
            roles.setText(n.roles());
            health.setText(n.health());
            look(this, n.look());
            setAccessibleText(n.spoken() + ". Enter lists its resources.");
            tip.setText(n.node() + "\n" + n.versions() + "\n" + n.resources() + " resources: " + n.roles() + "\n"
                    + n.health());
        }

        void compact(boolean on, double width) {
            for (Label l : new Label[] {versions, count, roles}) {
                l.setVisible(!on);
                l.setManaged(!on);
            }
            pseudoClassStateChanged(COMPACT, on);
            setPrefWidth(width);
            setMaxWidth(width);
        }
    }

    /** One pair's line, the wide transparent line that takes its clicks, and its label (which takes the keyboard). */
    static final class LinkShape {
        final Line line = new Line();
        final Line hit = new Line();
        final Label label = new Label();
        private final Tooltip tip = new Tooltip();

        LinkShape(ClusterMap.Pair p, Runnable narrow) {
            line.getStyleClass().add("map-link");
            line.setMouseTransparent(true);
            hit.getStyleClass().add("map-link-hit");
            hit.setStrokeWidth(16);
            label.getStyleClass().add("map-link-label");
            label.setId("map-link-" + p.a() + "-" + p.b());
            label.setFocusTraversable(true);
            label.setAccessibleRole(AccessibleRole.BUTTON);
            label.setTooltip(tip);
            onActivate(hit, label, narrow);
            onActivate(label, label, narrow);
        }

        /** @param small a crowded map: a healthy line says only its mark and how many resources ("✔ 5") */
        void fill(ClusterMap.Pair p, boolean small) {
            label.setText(MARKS.get(p.look()) + " " + (small && p.look() == ClusterMap.Look.OK
                    ? Integer.toString(p.resources().size()) : p.label()));
            look(line, p.look());
            look(label, p.look());
            label.setAccessibleText(p.spoken() + ". Enter lists these resources.");
            tip.setText(p.a() + " ↔ " + p.b() + ": " + p.label() + "\n" + String.join(", ", p.resources()));
        }
    }
}
