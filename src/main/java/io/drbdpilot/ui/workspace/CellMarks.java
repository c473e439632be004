// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.ClusterMatrix;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** The heat map's marks: each state drawn inside its cell (and its legend), so none is told by colour alone. */
final class CellMarks {

    private CellMarks() {
    }

    /**
     * A mark inside a cell, so no state is told by its colour alone: a dot for Primary, a bar for a resync, "!" for a
     * warning, a cross for danger, a slash for an unreachable node, a dash for a connecting one. Only where a cell is
     * big enough to show it (the legend says the same in words).
     */
    static void mark(GraphicsContext g, ClusterMatrix.Cell state, double x, double y, double size) {
        if (size < 9) {
            return;
        }
        double m = size - 1;
        double cx = x + m / 2;
        double cy = y + m / 2;
        double q = m / 4;
        g.setStroke(Color.WHITE);
        g.setFill(Color.WHITE);
        g.setLineWidth(Math.max(1.2, m / 8));
        switch (state) {
            case PRIMARY -> g.fillOval(cx - q / 1.2, cy - q / 1.2, q * 1.66, q * 1.66);
            case SYNC -> g.strokeLine(x + q, cy, x + m - q, cy);
            case WARNING -> {
                g.strokeLine(cx, y + q * 0.8, cx, cy + q * 0.3);
                g.fillOval(cx - 1, y + m - q * 1.1, 2, 2);
            }
            case DANGER -> {
                g.strokeLine(x + q, y + q, x + m - q, y + m - q);
                g.strokeLine(x + m - q, y + q, x + q, y + m - q);
            }
            case STALE -> g.strokeLine(x + q, y + m - q, x + m - q, y + q);
            case CONNECTING -> {
                g.setStroke(Color.web("#57606a"));
                g.strokeLine(x + q, cy, cx - 1, cy);
            }
            default -> { }
        }
    }
}
