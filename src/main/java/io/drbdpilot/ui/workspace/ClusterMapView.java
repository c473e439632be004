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
import java.util.Map;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.BoundingBox;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
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

    private final WorkspaceViewModel vm;
    private final MapPane pane = new MapPane();
    private final Label note = new Label();
    private final Label title = new Label();
    private final Label tag = new Label("SIMULATED");
    private final BorderPane root = new BorderPane();
    private final Map<String, MapShapes.NodeShape> boxes = new LinkedHashMap<>();
    private final Map<String, MapShapes.LinkShape> links = new LinkedHashMap<>();
    private final ShownCluster shown;
    private ClusterMap map;
    private boolean active = true;
    private boolean compact;
    private boolean stale;

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
            sample.pseudoClassStateChanged(MapShapes.LOOKS.get(l), true);
            HBox item = new HBox(5, sample, new Label(MapShapes.MARKS.get(l) + " " + l.word()));
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
        MapShapes.LinkShape s = links.get(a + "|" + b);
        return s == null ? null : s.label;
    }

    /** A pair's line (tests: its look is a pseudo-class). */
    public Line link(String a, String b) {
        MapShapes.LinkShape s = links.get(a + "|" + b);
        return s == null ? null : s.line;
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
                MapShapes.LinkShape l = new MapShapes.LinkShape(p, () -> narrowTo(p));
                links.put(p.key(), l);
                lines.add(l.line);
                lines.add(l.hit);
                labels.add(l.label);
            }
            for (ClusterMap.NodeBox n : m.nodes()) {
                boxes.put(n.node(), new MapShapes.NodeShape(n.node(), BOX_W, () -> narrowTo(n.node())));
            }
            pane.getChildren().addAll(lines);
            pane.getChildren().addAll(boxes.values());
            pane.getChildren().addAll(labels);
        }
        for (ClusterMap.NodeBox n : m.nodes()) {
            boxes.get(n.node()).fill(n);
        }
        for (ClusterMap.Pair p : m.pairs()) {
            links.get(p.key()).fill(p, compact);
        }
        pane.requestLayout();
    }

    /**
     * A crowded map (many nodes round the ellipse) shows small boxes: the name and the health, the rest in the tooltip
     * and in what a screen reader says; healthy lines say only "✔ 5".
     */
    private void compact(boolean on, double width) {
        boolean changed = on != compact;
        compact = on;
        boxes.values().forEach(b -> b.compact(on, width));
        if (changed && map != null) {
            map.pairs().forEach(p -> links.get(p.key()).fill(p, on));
        }
    }

    /** Narrows the navigator to the resources of one pair, as the map shows them now. */
    private void narrowTo(ClusterMap.Pair p) {
        ClusterMap.Pair now = map == null ? null : map.pairs().stream().filter(x -> x.key().equals(p.key()))
                .findFirst().orElse(null);
        ClusterEntry watched = shown.get();
        if (now != null && watched != null) {
            vm.scopeProperty().set(new WorkspaceViewModel.Scope(watched.name(), Set.of(now.a(), now.b()),
                    Set.copyOf(now.resources()), now.a() + " ↔ " + now.b() + " · " + now.resources().size()
                            + (now.resources().size() == 1 ? " resource" : " resources")));
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
                boxes.get(name).resizeRelocate(Math.round(x - boxW / 2), Math.round(y - boxH / 2), boxW, boxH);
            }
            List<Bounds> taken = new ArrayList<>();
            boxes.values().forEach(b -> taken.add(b.getBoundsInParent()));
            for (ClusterMap.Pair p : map.pairs()) {
                MapShapes.LinkShape s = links.get(p.key());
                double[] a = centre.get(p.a());
                double[] b = centre.get(p.b());
                if (s == null || a == null || b == null) {
                    continue;
                }
                for (Line l : List.of(s.line, s.hit)) {
                    l.setStartX(a[0]);
                    l.setStartY(a[1]);
                    l.setEndX(b[0]);
                    l.setEndY(b[1]);
                }
                Label label = s.label;
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
