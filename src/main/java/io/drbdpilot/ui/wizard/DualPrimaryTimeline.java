// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.plan.PlanListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * A live migration's timeline: per resource, when its dual-primary window opened and closed (a bar on a time axis
 * from the start of the run, red past the limit, with the limit marked), and the VM's migration progress. It hears the
 * engine through {@link PlanListener} (any thread) and draws on the FX thread.
 */
final class DualPrimaryTimeline implements PlanListener {

    private record Span(Instant open, Instant close, boolean over) {
    }

    private final Duration limit;
    private final Canvas canvas = new Canvas(820, 70);
    private final ProgressBar migration = new ProgressBar(0);
    private final Label migrationText = new Label("The VM has not started to move yet.");
    private final Label summary = new Label("The dual-primary window has not opened yet.");
    private final VBox box;
    private final Map<String, List<Span>> spans = new LinkedHashMap<>();
    private final Timeline redraw;
    private Instant start;

    DualPrimaryTimeline(Duration limit, List<String> resources) {
        this.limit = limit;
        resources.forEach(r -> spans.put(r, new ArrayList<>()));
        canvas.setId("migration-timeline");
        canvas.setHeight(30 + 22 * resources.size());
        migration.setId("migration-progress");
        migration.setMaxWidth(Double.MAX_VALUE);
        migrationText.setId("migration-progress-text");
        summary.setId("migration-window-summary");
        summary.setWrapText(true);
        Label head = new Label("Dual-primary window (both nodes Primary; limit " + limit.toSeconds() + " s)");
        head.setStyle("-fx-font-weight: bold");
        HBox.setHgrow(migration, Priority.ALWAYS);
        box = new VBox(4, head, canvas, summary, new HBox(8, migrationText, migration));
        box.setId("migration-timeline-box");
        redraw = new Timeline(new KeyFrame(javafx.util.Duration.millis(200), e -> draw()));
        redraw.setCycleCount(Timeline.INDEFINITE);
    }

    VBox node() {
        return box;
    }

    /** FX thread: the run starts now. */
    void start() {
        start = Instant.now();
        redraw.play();
    }

    /** FX thread: the run ended; the last picture stays. */
    void stop() {
        redraw.stop();
        draw();
    }

    @Override
    public void dualPrimary(String res, boolean open, Duration d, boolean overLimit) {
        Instant now = Instant.now();
        Platform.runLater(() -> {
            List<Span> list = spans.computeIfAbsent(res, k -> new ArrayList<>());
            Span last = list.isEmpty() ? null : list.get(list.size() - 1);
            if (open && (last == null || last.close() != null)) {
                list.add(new Span(now, null, overLimit));
            } else if (open) {
                list.set(list.size() - 1, new Span(last.open(), null, overLimit));
            } else if (last != null && last.close() == null) {
                list.set(list.size() - 1, new Span(last.open(), now, overLimit));
            }
            summary.setText(text(now));
            summary.getStyleClass().removeAll("danger", "success");
            summary.getStyleClass().add(anyOver() ? "danger" : "success");
            draw();
        });
    }

    @Override
    public void progress(String what, double fraction) {
        Platform.runLater(() -> {
            migration.setProgress(fraction < 0 ? ProgressBar.INDETERMINATE_PROGRESS : fraction);
            migrationText.setText(what + (fraction < 0 ? "…" : ": " + Math.round(fraction * 100) + " %"));
        });
    }

    private boolean anyOver() {
        return spans.values().stream().flatMap(List::stream).anyMatch(Span::over);
    }

    private String text(Instant now) {
        List<String> parts = new ArrayList<>();
        spans.forEach((res, list) -> list.forEach(s -> parts.add(res + (s.close() == null ? " open for "
                + secs(Duration.between(s.open(), now)) : " closed after " + secs(Duration.between(s.open(),
                s.close()))))));
        return (anyOver() ? "PAST THE LIMIT: a link cut now is a split brain. " : "") + String.join("; ", parts)
                + ".";
    }

    private static String secs(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        g.clearRect(0, 0, w, canvas.getHeight());
        if (start == null) {
            return;
        }
        Instant now = Instant.now();
        if (spans.values().stream().flatMap(List::stream).anyMatch(x -> x.close() == null)) {
            summary.setText(text(now)); // an open window's time runs on
        }
        double total = Math.max(limit.toMillis() * 1.2, Duration.between(start, now).toMillis() + 1000);
        double left = 90;
        double scale = (w - left - 10) / total;
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        g.setFill(Color.GRAY);
        g.fillText("0 s", left, canvas.getHeight() - 8);
        g.fillText(secs(Duration.ofMillis((long) total)), w - 50, canvas.getHeight() - 8);
        int row = 0;
        for (Map.Entry<String, List<Span>> e : spans.entrySet()) {
            double y = 8 + row * 22;
            g.setFill(Color.GRAY);
            g.fillText(e.getKey(), 4, y + 7);
            g.setStroke(Color.LIGHTGRAY);
            g.strokeLine(left, y + 7, w - 10, y + 7);
            for (Span s : e.getValue()) {
                double x0 = left + Duration.between(start, s.open()).toMillis() * scale;
                Instant end = s.close() == null ? now : s.close();
                double x1 = left + Duration.between(start, end).toMillis() * scale;
                boolean over = Duration.between(s.open(), end).compareTo(limit) > 0;
                g.setFill(over ? Color.web("#d9534f") : Color.web("#f0ad4e"));
                g.fillRect(x0, y, Math.max(2, x1 - x0), 14);
                double xl = x0 + limit.toMillis() * scale;
                g.setStroke(Color.web("#d9534f"));
                g.setLineDashes(3, 3);
                g.strokeLine(xl, y - 2, xl, y + 16);
                g.setLineDashes();
            }
            row++;
        }
    }
}
