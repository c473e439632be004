// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.diagram;

import io.drbdpilot.cluster.ResourceTopology.Box;
import io.drbdpilot.cluster.ResourceTopology.Link;
import io.drbdpilot.cluster.ResourceTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;

/**
 * The resource diagram: one box per node, one link per pair, built in code and styled through CSS classes and
 * pseudo-classes ({@code :primary}, {@code :degraded}, {@code :stale} on boxes; {@code :connected},
 * {@code :connecting}, {@code :standalone} on links). A new topology updates the existing nodes in place, so a
 * change does not flicker; only a different set of nodes rebuilds the picture. Two nodes side by side, three in a
 * triangle, four in a square, more on a circle.
 */
public final class ResourceDiagram extends Pane {

    private static final double BOX_W = 200;
    private static final double BOX_H = 90;

    private final Map<String, DiagramNode> boxes = new HashMap<>();
    private final Map<String, DiagramLink> links = new HashMap<>();
    private final Label banner = new Label();
    private Runnable onSplitBrain;
    private boolean splitBrain;
    private ResourceTopology topology;
    private List<String> layoutKey = List.of();

    public ResourceDiagram() {
        getStyleClass().add("resource-diagram");
        setId("resource-diagram");
        ArrowKeys.install(this);
        banner.getStyleClass().add("diagram-banner");
        banner.setId("diagram-banner");
        banner.setOnMouseClicked(e -> {
            if (splitBrain && onSplitBrain != null) {
                onSplitBrain.run();
            }
        });
        setMinHeight(300);
        setPrefHeight(320);
    }

    public ResourceTopology topology() {
        return topology;
    }

    /** Shows a topology; call on the FX thread. */
    public void show(ResourceTopology t) {
        this.topology = t;
        List<String> key = t.boxes().stream().map(Box::node).toList();
        if (!key.equals(layoutKey)) {
            getChildren().clear();
            boxes.clear();
            links.values().forEach(DiagramLink::stop);
            links.clear();
            layoutKey = key;
        }
        for (Link l : t.links()) {
            links.computeIfAbsent(l.a() + "|" + l.b(), k -> {
                DiagramLink v = new DiagramLink();
                getChildren().add(0, v.group);
                return v;
            }).update(l);
        }
        for (Box b : t.boxes()) {
            DiagramNode box = boxes.computeIfAbsent(b.node(), k -> {
                DiagramNode v = new DiagramNode();
                getChildren().add(v);
                return v;
            });
            box.update(b);
            box.setAccessibleText(spoken(b, t.links()));
        }
        for (Link l : t.links()) {
            links.get(l.a() + "|" + l.b()).group.setAccessibleText(spoken(l));
        }
        if (!getChildren().contains(banner)) {
            getChildren().add(banner);
        }
        StringBuilder warn = new StringBuilder();
        splitBrain = t.splitBrain();
        if (t.splitBrain()) {
            warn.append("SPLIT BRAIN: both sides StandAlone." + (onSplitBrain == null ? "  " : " Click to resolve.  "));
        }
        banner.setCursor(splitBrain && onSplitBrain != null ? Cursor.HAND : Cursor.DEFAULT);
        if (t.dualPrimary()) {
            warn.append("DUAL PRIMARY.  ");
        }
        if (t.quorumLost()) {
            warn.append("QUORUM LOST on a node.  ");
        }
        if (t.boxes().stream().anyMatch(Box::stale)) {
            warn.append("Stale: some nodes cannot be read; their last state is shown.");
        }
        banner.setText(warn.toString().strip());
        banner.setVisible(!warn.isEmpty());
        requestLayout();
    }

    /**
     * What a screen reader says of a node: "node-c, Secondary, disk Inconsistent, resync 41.7 percent from node-a"; the
     * state is in words, never in the box's colour alone.
     */
    static String spoken(Box b, List<Link> links) {
        StringBuilder sb = new StringBuilder(b.node()).append(", ").append(b.role()).append(", disk ").append(b.disk());
        if (b.stale()) {
            sb.append(", cannot be read: the last known state");
        }
        for (Link l : links) {
            if (!l.resyncing() || !(l.a().equals(b.node()) || l.b().equals(b.node())) || l.syncFrom().equals(b.node())) {
                continue;
            }
            sb.append(", resync");
            if (l.progress() != null && l.progress().percent() != null) {
                sb.append(' ').append(String.format(Locale.ROOT, "%.1f", l.progress().percent())).append(" percent");
            }
            sb.append(" from ").append(l.syncFrom());
        }
        return sb.toString();
    }

    /** What a screen reader says of a link: "node-a to node-c: Connected; resync from node-a to node-c, 41.7 percent". */
    static String spoken(Link l) {
        String says = l.aSays() != null && l.bSays() != null && !l.aSays().equals(l.bSays())
                ? l.a() + " says " + l.aSays() + ", " + l.b() + " says " + l.bSays()
                : l.aSays() != null ? l.aSays() : l.bSays() != null ? l.bSays() : "state unknown";
        StringBuilder sb = new StringBuilder("link ").append(l.a()).append(" to ").append(l.b()).append(": ")
                .append(says);
        if (l.resyncing()) {
            String to = l.syncFrom().equals(l.a()) ? l.b() : l.a();
            sb.append("; resync from ").append(l.syncFrom()).append(" to ").append(to);
            if (l.progress() != null && l.progress().percent() != null) {
                sb.append(", ").append(String.format(Locale.ROOT, "%.1f", l.progress().percent())).append(" percent");
            }
        }
        return sb.toString();
    }

    /** What a click on the split-brain banner does (the split-brain wizard). */
    public void setOnSplitBrain(Runnable action) {
        onSplitBrain = action;
    }

    /** Where the n-th of count boxes goes, as fractions of the width and height. */
    static Point2D slot(int i, int count) {
        return switch (count) {
            case 1 -> new Point2D(0.5, 0.5);
            case 2 -> new Point2D(i == 0 ? 0.2 : 0.8, 0.55);
            case 3 -> new Point2D(new double[] {0.15, 0.85, 0.5}[i], new double[] {0.25, 0.25, 0.82}[i]);
            case 4 -> new Point2D(i % 2 == 0 ? 0.2 : 0.8, i < 2 ? 0.28 : 0.78);
            default -> new Point2D(0.5 + 0.38 * Math.cos(2 * Math.PI * i / count - Math.PI / 2),
                    0.53 + 0.36 * Math.sin(2 * Math.PI * i / count - Math.PI / 2));
        };
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        Map<String, Point2D> centre = new HashMap<>();
        List<Bounds> boxBounds = new ArrayList<>();
        for (int i = 0; i < layoutKey.size(); i++) {
            DiagramNode b = boxes.get(layoutKey.get(i));
            // a box grows to fit its text (two volumes, long device lists, "Inconsistent/UpToDate")
            double bw = b == null ? BOX_W : Math.min(Math.max(BOX_W, b.prefWidth(-1)), Math.max(BOX_W, w / 2 - 16));
            double bh = b == null ? BOX_H : Math.max(BOX_H, b.prefHeight(bw));
            Point2D f = slot(i, layoutKey.size());
            double x = Math.min(Math.max(f.getX() * w, bw / 2 + 8), Math.max(bw / 2 + 8, w - bw / 2 - 8));
            double y = Math.min(Math.max(f.getY() * h, bh / 2 + 30), Math.max(bh / 2 + 30, h - bh / 2 - 8));
            centre.put(layoutKey.get(i), new Point2D(x, y));
            if (b != null) {
                b.resizeRelocate(x - bw / 2, y - bh / 2, bw, bh);
                boxBounds.add(new BoundingBox(x - bw / 2, y - bh / 2, bw, bh));
            }
        }
        List<DiagramLink> views = new ArrayList<>();
        List<LinkLayout.Request> requests = new ArrayList<>();
        for (Map.Entry<String, DiagramLink> e : links.entrySet()) {
            String[] ab = e.getKey().split("\\|");
            Point2D a = centre.get(ab[0]);
            Point2D b = centre.get(ab[1]);
            if (a != null && b != null) {
                views.add(e.getValue());
                requests.add(e.getValue().request(a, b, ab[0]));
            }
        }
        List<LinkLayout.Placed> placed = LinkLayout.placeAll(requests, boxBounds);
        for (int i = 0; i < views.size(); i++) {
            views.get(i).place(requests.get(i), placed.get(i));
        }
        banner.resizeRelocate(8, 4, w - 16, 22);
    }

    /** The diagram as a PNG file (a snapshot of what is shown). */
    public void exportPng(Path file) throws IOException {
        PngWriter.write(snapshot(null, null), file);
    }
}
