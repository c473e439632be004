// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.diagram;

import io.drbdpilot.cluster.ResourceTopology.Box;
import io.drbdpilot.cluster.ResourceTopology.Link;
import io.drbdpilot.cluster.ResourceTopology;
import io.drbdpilot.drbd.model.ResyncProgress;
import io.drbdpilot.drbd.model.StateGlossary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.animation.Animation;
import javafx.animation.FadeTransition;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.css.PseudoClass;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.AccessibleRole;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.util.Duration;

/**
 * The resource diagram: one box per node, one link per pair, built in code and styled through CSS classes and
 * pseudo-classes ({@code :primary}, {@code :degraded}, {@code :stale} on boxes; {@code :connected},
 * {@code :connecting}, {@code :standalone} on links). A new topology updates the existing nodes in place, so a
 * change does not flicker; only a different set of nodes rebuilds the picture. Two nodes side by side, three in a
 * triangle, four in a square, more on a circle.
 */
public final class ResourceDiagram extends Pane {

    private static final PseudoClass PRIMARY = PseudoClass.getPseudoClass("primary");
    private static final PseudoClass DEGRADED = PseudoClass.getPseudoClass("degraded");
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private static final PseudoClass CONNECTED = PseudoClass.getPseudoClass("connected");
    private static final PseudoClass CONNECTING = PseudoClass.getPseudoClass("connecting");
    private static final PseudoClass STANDALONE = PseudoClass.getPseudoClass("standalone");
    private static final double BOX_W = 200;
    private static final double BOX_H = 90;

    private final Map<String, NodeBox> boxes = new HashMap<>();
    private final Map<String, LinkView> links = new HashMap<>();
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
            links.values().forEach(LinkView::stop);
            links.clear();
            layoutKey = key;
        }
        for (Link l : t.links()) {
            links.computeIfAbsent(l.a() + "|" + l.b(), k -> {
                LinkView v = new LinkView();
                getChildren().add(0, v.group);
                return v;
            }).update(l);
        }
        for (Box b : t.boxes()) {
            NodeBox box = boxes.computeIfAbsent(b.node(), k -> {
                NodeBox v = new NodeBox();
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
            NodeBox b = boxes.get(layoutKey.get(i));
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
        List<LinkView> views = new ArrayList<>();
        List<LinkLayout.Request> requests = new ArrayList<>();
        for (Map.Entry<String, LinkView> e : links.entrySet()) {
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

    /** One node's box. */
    static final class NodeBox extends VBox {
        private final Label name = new Label();
        private final Label role = new Label();
        private final Label disk = new Label();
        private final Label device = new Label();
        private final Tooltip tip = new Tooltip();

        NodeBox() {
            super(2);
            getStyleClass().add("diagram-node");
            name.getStyleClass().add("diagram-node-name");
            role.getStyleClass().add("diagram-node-role");
            disk.getStyleClass().add("diagram-node-disk");
            device.getStyleClass().add("text-muted");
            getChildren().addAll(name, role, disk, device);
            Tooltip.install(this, tip);
            setFocusTraversable(true); // Tab walks the boxes; a screen reader says each one's state
            setAccessibleRole(AccessibleRole.TEXT);
        }

        void update(Box b) {
            setId("diagram-node-" + b.node());
            // A box whose role or disk changes fades in again, so the change catches the eye without a flicker.
            boolean changed = !role.getText().isEmpty() && (!role.getText().equals(b.role())
                    || !disk.getText().equals(b.disk()));
            if (changed) {
                FadeTransition f = new FadeTransition(
                        Duration.millis(450), this);
                f.setFromValue(0.35);
                f.setToValue(1);
                f.play();
            }
            name.setText(b.node());
            role.setText(b.role());
            disk.setText(b.disk());
            device.setText(b.devices() + (b.open() == null ? "" : b.open() ? "  · open" : "  · closed"));
            pseudoClassStateChanged(PRIMARY, b.primary());
            pseudoClassStateChanged(DEGRADED, !b.diskOk());
            pseudoClassStateChanged(STALE, b.stale());
            tip.setText(b.node() + ": " + b.role() + ", disk " + b.disk()
                    + StateGlossary.explain(b.role()).map(t -> "\n" + t).orElse("")
                    + StateGlossary.explain(b.disk()).map(t -> "\n" + t).orElse("")
                    + (b.stale() ? "\nStale: this node cannot be read; the last known state is shown." : "")
                    + (b.primary() ? "\nPrimary: the node that may write to the device." : ""));
        }
    }

    /** One link: a line (dashed and moving while connecting), an arrow and a progress bar while a resync runs. */
    static final class LinkView {
        final Pane group = new Pane();
        final Line line = new Line();
        final Label label = new Label();
        final Polygon arrow = new Polygon(0, -8, 16, 0, 0, 8);
        final ProgressBar bar = new ProgressBar();
        final Label speed = new Label();
        private final Timeline marching = new Timeline(
                new KeyFrame(Duration.ZERO, new KeyValue(line.strokeDashOffsetProperty(), 0)),
                new KeyFrame(Duration.seconds(1), new KeyValue(line.strokeDashOffsetProperty(), -24)));
        private Link link;

        LinkView() {
            group.setManaged(false);
            group.setAccessibleRole(AccessibleRole.TEXT);
            group.setFocusTraversable(true);
            group.setPickOnBounds(false);
            line.getStyleClass().add("diagram-link");
            label.getStyleClass().add("diagram-link-label");
            arrow.getStyleClass().add("diagram-sync-arrow");
            bar.getStyleClass().add("diagram-sync-bar");
            bar.setPrefWidth(120);
            speed.getStyleClass().add("diagram-sync-speed");
            marching.setCycleCount(Animation.INDEFINITE);
            group.getChildren().addAll(line, label, arrow, bar, speed);
        }

        void update(Link l) {
            this.link = l;
            label.setId("diagram-link-" + l.a() + "-" + l.b());
            bar.setId("diagram-sync-" + l.a() + "-" + l.b());
            line.pseudoClassStateChanged(CONNECTED, l.state() == ResourceTopology.LinkState.CONNECTED);
            line.pseudoClassStateChanged(CONNECTING, l.state() == ResourceTopology.LinkState.CONNECTING);
            line.pseudoClassStateChanged(STANDALONE, l.state() == ResourceTopology.LinkState.STANDALONE);
            if (l.state() == ResourceTopology.LinkState.CONNECTING) {
                marching.play();
            } else {
                marching.stop();
            }
            String says = l.aSays() != null && l.bSays() != null && !l.aSays().equals(l.bSays())
                    ? l.a() + ": " + l.aSays() + " / " + l.b() + ": " + l.bSays()
                    : l.aSays() != null ? l.aSays() : l.bSays() != null ? l.bSays() : "unknown";
            label.setText(l.resyncing() ? syncWords(l) : says + (l.replication() != null
                    && !"Established".equals(l.replication()) && !says.contains(l.replication())
                    ? " · " + l.replication() : ""));
            boolean sync = l.resyncing();
            arrow.setVisible(sync);
            bar.setVisible(sync);
            speed.setVisible(sync);
            ResyncProgress p = l.progress();
            double target = p == null || p.percent() == null ? ProgressBar.INDETERMINATE_PROGRESS : p.percent() / 100;
            if (target >= 0 && bar.getProgress() >= 0 && target > bar.getProgress()) {
                // Glide to the new value rather than jump: the next reading comes a second later.
                new Timeline(new KeyFrame(Duration.millis(600), new KeyValue(bar.progressProperty(),
                        target))).play();
            } else {
                bar.setProgress(target);
            }
            speed.setText((p == null ? "resync" : text(p)) + (l.temporaryRate() ? " · temporary rate "
                    + String.format(Locale.ROOT, "%.1f MiB/s (files: %.1f)", p.wantKiBps() / 1024.0,
                    l.filesRate() / 1024.0) : ""));
        }

        /** Which side is which during a resync or a verify: "node-a → node-c", then "SyncSource → SyncTarget". */
        static String syncWords(Link l) {
            String to = l.syncFrom().equals(l.a()) ? l.b() : l.a();
            String r = l.replication() == null ? "" : l.replication();
            String[] w = r.startsWith("Verify") ? new String[] {"VerifyS", "VerifyT"}
                    : r.startsWith("Paused") ? new String[] {"PausedSyncS", "PausedSyncT"}
                    : new String[] {"SyncSource", "SyncTarget"};
            return l.syncFrom() + " → " + to + "\n" + w[0] + " → " + w[1];
        }

        static String text(ResyncProgress p) {
            StringBuilder sb = new StringBuilder();
            if (p.percent() != null) {
                sb.append(String.format(Locale.ROOT, "%.1f%%", p.percent()));
            }
            if (p.speedKiBps() != null) {
                sb.append(sb.isEmpty() ? "" : " · ").append(String.format(Locale.ROOT, "%.1f MiB/s",
                        p.speedKiBps() / 1024.0));
            }
            if (p.etaSeconds() != null) {
                long s = p.etaSeconds();
                sb.append(sb.isEmpty() ? "" : " · ").append("ETA ").append(s >= 3600 ? s / 3600 + " h " : "")
                        .append(String.format(Locale.ROOT, "%d:%02d", s % 3600 / 60, s % 60));
            }
            return sb.isEmpty() ? "resync" : sb.toString();
        }

        /** What the layout needs of this link: its ends, its resync's direction and its parts' sizes. */
        LinkLayout.Request request(Point2D a, Point2D b, String aName) {
            label.autosize();
            speed.autosize();
            boolean sync = link != null && link.resyncing();
            return new LinkLayout.Request(a, b, sync, sync && link.syncFrom().equals(aName),
                    new LinkLayout.Sizes(label.getWidth(), label.getHeight(), 120, Math.max(12, bar.prefHeight(-1)),
                            speed.getWidth(), speed.getHeight()));
        }

        void place(LinkLayout.Request r, LinkLayout.Placed p) {
            line.setStartX(r.a().getX());
            line.setStartY(r.a().getY());
            line.setEndX(r.b().getX());
            line.setEndY(r.b().getY());
            label.relocate(p.label().getMinX(), p.label().getMinY());
            if (p.arrow() != null) {
                arrow.getPoints().setAll(p.arrow()[0], p.arrow()[1], p.arrow()[2], p.arrow()[3], p.arrow()[4],
                        p.arrow()[5]);
                bar.resize(p.bar().getWidth(), p.bar().getHeight());
                bar.relocate(p.bar().getMinX(), p.bar().getMinY());
                speed.relocate(p.speed().getMinX(), p.speed().getMinY());
            }
        }

        void stop() {
            marching.stop();
        }
    }

    /** The diagram as a PNG file (a snapshot of what is shown). */
    public void exportPng(Path file) throws IOException {
        PngWriter.write(snapshot(null, null), file);
    }
}
