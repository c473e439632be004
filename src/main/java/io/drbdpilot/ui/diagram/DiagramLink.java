// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.diagram;

import io.drbdpilot.cluster.ResourceTopology;
import io.drbdpilot.cluster.ResourceTopology.Link;
import io.drbdpilot.drbd.model.ResyncProgress;
import java.util.Locale;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.util.Duration;

/**
 * One link of the {@link ResourceDiagram}: a line ({@code :connected}, {@code :connecting} dashed and moving,
 * {@code :standalone}), its state in words, and an arrow, a progress bar and the speed while a resync runs.
 */
final class DiagramLink {

    private static final PseudoClass CONNECTED = PseudoClass.getPseudoClass("connected");
    private static final PseudoClass CONNECTING = PseudoClass.getPseudoClass("connecting");
    private static final PseudoClass STANDALONE = PseudoClass.getPseudoClass("standalone");

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

    DiagramLink() {
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
