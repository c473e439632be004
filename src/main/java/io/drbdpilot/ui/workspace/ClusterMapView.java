// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.ClusterMap;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.ui.diagram.ArrowKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.BoundingBox;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;

/**
 * The cluster's landing page: one box per node and one line per pair of nodes that replicate, coloured, patterned and
 * labelled by the worst state of the resources on it. Live while shown. A click on a node or a line (or Enter on it:
 * Tab and the arrow keys walk them) narrows the navigator to those resources. Above {@link ClusterMap#MAX_NODES} nodes it says to use the
 * overview.
 */
public final class ClusterMapView {

    static final double BOX_W = 210;
    static final double MARGIN = 16;
    /** About how tall a full box is (five lines). */
    static final double FULL_H = 112;
    private static final Map<ClusterMap.Look, PseudoClass> LOOKS = new HashMap<>();
    private static final Map<ClusterMap.Look, String> MARKS = Map.of(ClusterMap.Look.OK, "✔",
            ClusterMap.Look.SYNC, "⟳", ClusterMap.Look.WARNING, "⚠", ClusterMap.Look.STALE, "?",
            ClusterMap.Look.DANGER, "✖");

    static {
        for (ClusterMap.Look l : ClusterMap.Look.values()) {
            LOOKS.put(l, PseudoClass.getPseudoClass(l.name().toLowerCase(Locale.ROOT)));
        }
    }

    private final WorkspaceViewModel vm;
    private final MapPane pane = new MapPane();
    private final Label note = new Label();
    private final Label title = new Label();
    private final Label tag = new Label("SIMULATED");
    private final BorderPane root = new BorderPane();
    private final Map<String, VBox> boxes = new LinkedHashMap<>();
    private final Map<String, LinkShape> links = new LinkedHashMap<>();
    private final ShownCluster shown;
    private ClusterMap map;
    private boolean active = true;
    private boolean compact;
    private static final PseudoClass COMPACT = PseudoClass.getPseudoClass("compact");
    private boolean stale;

    /** One pair's line, the wide transparent line that takes its clicks, and its label. */
    private record LinkShape(Line line, Line hit, Label label) {
    }

    public ClusterMapView(WorkspaceViewModel vm) {
        this.vm = vm;
        root.setId("cluster-map");
        pane.setId("cluster-map-area");
        pane.getStyleClass().add("cluster-map");
        pane.setMinSize(0, 0);
        ArrowKeys.install(pane);
        note.setId("cluster-map-note");
        note.getStyleClass().add("text-muted");
        note.setWrapText(true);
        FlowPane legend = new FlowPane(14, 4);
        for (ClusterMap.Look l : ClusterMap.Look.values()) {
            Line sample = new Line(0, 6, 34, 6);
            sample.getStyleClass().add("map-link");
            sample.pseudoClassStateChanged(LOOKS.get(l), true);
            HBox item = new HBox(5, sample, new Label(MARKS.get(l) + " " + l.word()));
            item.setAlignment(Pos.CENTER_LEFT);
            legend.getChildren().add(item);
        }
        VBox bottom = new VBox(4, note, legend);
        bottom.setPadding(new Insets(6, 8, 6, 8));
        title.getStyleClass().add("details-title");
        title.setId("map-title");
        tag.getStyleClass().add("simulated-tag");
        tag.setId("map-simulated-tag");
        tag.setVisible(false);
        HBox head = new HBox(10, title, tag);
        head.setAlignment(Pos.CENTER_LEFT);
        head.setPadding(new Insets(8, 12, 4, 12));
        root.setTop(head);
        root.setCenter(pane);
        root.setBottom(bottom);
        shown = new ShownCluster(vm, this::update);
        shown.start();
    }

    public Node node() {
        return root;
    }

    /** The map on screen, or null (tests). */
    public ClusterMap map() {
        return map;
    }

    /** A node's box (tests, screenshots). */
    public Node box(String node) {
        return boxes.get(node);
    }

    /** A pair's label, which also takes its clicks and the keyboard (tests). */
    public Label linkLabel(String a, String b) {
        LinkShape s = links.get(a + "|" + b);
        return s == null ? null : s.label();
    }

    /** A pair's line (tests: its look is a pseudo-class). */
    public Line link(String a, String b) {
        LinkShape s = links.get(a + "|" + b);
        return s == null ? null : s.line();
    }

    /** Only the shown tab follows the cluster; a hidden one catches up when it is shown again. */
    public void setActive(boolean on) {
        active = on;
        if (on && stale) {
            update();
        }
    }

    private void update() {
        if (!active) {
            stale = true;
            return;
        }
        stale = false;
        ClusterEntry watched = shown == null ? null : shown.get(); // null while the constructor starts it
        ClusterSnapshot s = watched == null ? null : watched.snapshotProperty().get();
        title.setText(watched == null ? "" : watched.name());
        tag.setVisible(watched != null && watched.simulated());
        if (s == null) {
            map = null;
            clear();
            note.setText(watched == null ? "" : "Connecting to " + watched.name() + "…");
            return;
        }
        if (s.nodes().size() > ClusterMap.MAX_NODES) {
            map = null;
            clear();
            note.setText(s.nodes().size() + " nodes are more than a map shows readably: the Overview (Ctrl+3) "
                    + "shows every resource on every node.");
            return;
        }
        map = ClusterMap.of(s);
        note.setText("Click a node or a line (or Tab to it and press Enter) to list its resources in the "
                + "navigator.");
        show(map);
    }

    private void clear() {
        boxes.clear();
        links.clear();
        pane.getChildren().clear();
    }

    /** Updates the shapes in place (focus and hover survive an update); rebuilds them when nodes or pairs change. */
    private void show(ClusterMap m) {
        Set<String> nodeKeys = new LinkedHashSet<>();
        m.nodes().forEach(n -> nodeKeys.add(n.node()));
        Set<String> pairKeys = new LinkedHashSet<>();
        m.pairs().forEach(p -> pairKeys.add(p.key()));
        if (!nodeKeys.equals(boxes.keySet()) || !pairKeys.equals(links.keySet())) {
            clear();
            List<Node> lines = new ArrayList<>();
            List<Node> labels = new ArrayList<>();
            for (ClusterMap.Pair p : m.pairs()) {
                LinkShape l = newLink(p);
                links.put(p.key(), l);
                lines.add(l.line());
                lines.add(l.hit());
                labels.add(l.label());
            }
            for (ClusterMap.NodeBox n : m.nodes()) {
                boxes.put(n.node(), newBox(n));
            }
            pane.getChildren().addAll(lines);
            pane.getChildren().addAll(boxes.values());
            pane.getChildren().addAll(labels);
        }
        for (ClusterMap.NodeBox n : m.nodes()) {
            fill(boxes.get(n.node()), n);
        }
        for (ClusterMap.Pair p : m.pairs()) {
            fill(links.get(p.key()), p);
        }
        pane.requestLayout();
    }

    private VBox newBox(ClusterMap.NodeBox n) {
        Label name = new Label();
        name.getStyleClass().add("map-node-name");
        Label versions = new Label();
        versions.getStyleClass().add("text-muted");
        Label count = new Label();
        Label roles = new Label();
        Label health = new Label();
        health.getStyleClass().add("map-node-health");
        VBox box = new VBox(2, name, versions, count, roles, health);
        box.getChildren().forEach(c -> ((Label) c).setWrapText(true)); // the box grows; its text is never cut
        box.getStyleClass().add("map-node");
        box.setId("map-node-" + n.node());
        box.setPrefWidth(BOX_W);
        box.setMaxWidth(BOX_W);
        box.setFocusTraversable(true);
        box.setAccessibleRole(AccessibleRole.BUTTON);
        box.setOnMouseClicked(e -> {
            box.requestFocus();
            narrowTo(n.node());
        });
        box.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                narrowTo(n.node());
                e.consume();
            }
        });
        return box;
    }

    private void fill(VBox box, ClusterMap.NodeBox n) {
        ((Label) box.getChildren().get(0)).setText(MARKS.get(n.look()) + " " + n.node());
        ((Label) box.getChildren().get(1)).setText(n.versions());
        ((Label) box.getChildren().get(2)).setText(n.resources() + (n.resources() == 1 ? " resource" : " resources"));
        ((Label) box.getChildren().get(3)).setText(n.roles());
        ((Label) box.getChildren().get(4)).setText(n.health());
        LOOKS.forEach((l, pc) -> box.pseudoClassStateChanged(pc, l == n.look()));
        box.setAccessibleText(n.spoken() + ". Enter lists its resources.");
        Tooltip.install(box, new Tooltip(n.node() + "\n" + n.versions() + "\n" + n.resources() + " resources: "
                + n.roles() + "\n" + n.health()));
    }

    private LinkShape newLink(ClusterMap.Pair p) {
        Line line = new Line();
        line.getStyleClass().add("map-link");
        line.setMouseTransparent(true);
        Line hit = new Line();
        hit.getStyleClass().add("map-link-hit");
        hit.setStrokeWidth(16);
        Label label = new Label();
        label.getStyleClass().add("map-link-label");
        label.setId("map-link-" + p.a() + "-" + p.b());
        label.setFocusTraversable(true);
        label.setAccessibleRole(AccessibleRole.BUTTON);
        Runnable open = () -> {
            ClusterMap.Pair now = map == null ? null : map.pairs().stream().filter(x -> x.key().equals(p.key()))
                    .findFirst().orElse(null);
            ClusterEntry watched = shown.get();
            if (now != null && watched != null) {
                vm.scopeProperty().set(new WorkspaceViewModel.Scope(watched.name(), Set.of(now.a(), now.b()),
                        Set.copyOf(now.resources()), now.a() + " ↔ " + now.b() + " · " + now.resources().size()
                                + (now.resources().size() == 1 ? " resource" : " resources")));
            }
        };
        hit.setOnMouseClicked(e -> {
            label.requestFocus();
            open.run();
        });
        label.setOnMouseClicked(e -> {
            label.requestFocus();
            open.run();
        });
        label.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                open.run();
                e.consume();
            }
        });
        return new LinkShape(line, hit, label);
    }

    private void fill(LinkShape s, ClusterMap.Pair p) {
        s.label().setText(compact && p.look() == ClusterMap.Look.OK ? shortLabel(p) : MARKS.get(p.look()) + " "
                + p.label());
        LOOKS.forEach((l, pc) -> {
            s.line().pseudoClassStateChanged(pc, l == p.look());
            s.label().pseudoClassStateChanged(pc, l == p.look());
        });
        s.label().setAccessibleText(p.spoken() + ". Enter lists these resources.");
        s.label().setTooltip(new Tooltip(p.a() + " ↔ " + p.b() + ": " + p.label() + "\n" + String.join(", ",
                p.resources())));
    }

    /** A healthy line's label on a crowded map: its mark and how many resources ("✔ 5"); the rest is in the tooltip. */
    private static String shortLabel(ClusterMap.Pair p) {
        return MARKS.get(p.look()) + " " + p.resources().size();
    }

    /**
     * A crowded map (many nodes round the ellipse) shows small boxes: the name and the health, the rest in the tooltip
     * and in what a screen reader says; healthy lines say only "✔ 5".
     */
    private void compact(boolean on, double width) {
        boolean changed = on != compact;
        compact = on;
        for (VBox b : boxes.values()) {
            for (int i = 1; i <= 3; i++) {
                b.getChildren().get(i).setVisible(!on);
                b.getChildren().get(i).setManaged(!on);
            }
            b.pseudoClassStateChanged(COMPACT, on);
            b.setPrefWidth(width);
            b.setMaxWidth(width);
        }
        if (changed && map != null) {
            map.pairs().forEach(p -> fill(links.get(p.key()), p));
        }
    }

    private void narrowTo(String node) {
        ClusterEntry watched = shown.get();
        if (watched == null || map == null) {
            return;
        }
        int n = map.nodes().stream().filter(b -> b.node().equals(node)).mapToInt(ClusterMap.NodeBox::resources)
                .findFirst().orElse(0);
        vm.scopeProperty().set(new WorkspaceViewModel.Scope(watched.name(), Set.of(node), null,
                node + " · " + n + (n == 1 ? " resource" : " resources")));
    }

    /** Places the boxes on an ellipse (two side by side, one in the middle), then the lines and their labels. */
    private final class MapPane extends Pane {
        @Override
        protected void layoutChildren() {
            if (map == null) {
                return;
            }
            double w = getWidth();
            double h = getHeight();
            int n = map.nodes().size();
            // Round an ellipse, the boxes as wide as the room between neighbours allows (small ones when crowded).
            double rxFull = Math.max(0, w / 2 - BOX_W / 2 - MARGIN);
            double ryFull = Math.max(0, h / 2 - FULL_H / 2 - MARGIN);
            double spacing = 2 * Math.PI * Math.sqrt((rxFull * rxFull + ryFull * ryFull) / 2) / Math.max(1, n);
            boolean small = n > 4 && spacing < BOX_W + 40;
            double boxW = small ? Math.max(110, Math.min(170, spacing - 30)) : BOX_W;
            compact(small, boxW);
            double boxH = boxes.values().stream().mapToDouble(b -> b.prefHeight(boxW)).max().orElse(80);
            Map<String, double[]> centre = new HashMap<>();
            double rx = Math.max(0, w / 2 - boxW / 2 - MARGIN);
            double ry = Math.max(0, h / 2 - boxH / 2 - MARGIN);
            for (int i = 0; i < n; i++) {
                double x;
                double y;
                if (n == 1) {
                    x = w / 2;
                    y = h / 2;
                } else if (n == 2) {
                    x = i == 0 ? MARGIN + boxW / 2 : w - MARGIN - boxW / 2;
                    y = h / 2;
                } else {
                    double a = -Math.PI / 2 + 2 * Math.PI * i / n;
                    x = w / 2 + rx * Math.cos(a);
                    y = h / 2 + ry * Math.sin(a);
                }
                String name = map.nodes().get(i).node();
                centre.put(name, new double[] {x, y});
                VBox b = boxes.get(name);
                b.resizeRelocate(Math.round(x - boxW / 2), Math.round(y - boxH / 2), boxW, boxH);
            }
            List<Bounds> taken = new ArrayList<>();
            boxes.values().forEach(b -> taken.add(b.getBoundsInParent()));
            for (ClusterMap.Pair p : map.pairs()) {
                LinkShape s = links.get(p.key());
                double[] a = centre.get(p.a());
                double[] b = centre.get(p.b());
                if (s == null || a == null || b == null) {
                    continue;
                }
                for (Line l : List.of(s.line(), s.hit())) {
                    l.setStartX(a[0]);
                    l.setStartY(a[1]);
                    l.setEndX(b[0]);
                    l.setEndY(b[1]);
                }
                Label label = s.label();
                double lw = label.prefWidth(-1);
                double lh = label.prefHeight(lw);
                // The first spot along the line where the label covers no box and no other label.
                Bounds at = null;
                for (double t : new double[] {0.5, 0.38, 0.62, 0.3, 0.7, 0.45, 0.55}) {
                    double cx = a[0] + (b[0] - a[0]) * t;
                    double cy = a[1] + (b[1] - a[1]) * t;
                    Bounds c = new BoundingBox(cx - lw / 2, cy - lh / 2, lw, lh);
                    if (at == null) {
                        at = c;
                    }
                    if (taken.stream().noneMatch(c::intersects)) {
                        at = c;
                        break;
                    }
                }
                label.resizeRelocate(Math.round(at.getMinX()), Math.round(at.getMinY()), lw, lh);
                taken.add(at);
            }
        }
    }
}
