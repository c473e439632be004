// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.diagram;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;

/**
 * Where a link's parts go: its label beside the line (during a resync with the progress bar and the speed below it, one
 * block), the arrow on the line itself, pointing from the SyncSource to the SyncTarget. By construction nothing of a
 * link covers its own arrow (the block keeps {@link #GAP} from the line, more than the arrow's half width);
 * between links, each is placed at the first point along its line where its parts clear the boxes and what the links
 * placed before it hold (two diagonals of a four-node mesh cross at the middle: one of them moves along). Pure
 * geometry, no toolkit: the diagram and its tests use the same arithmetic.
 */
final class LinkLayout {

    /** From the line to the nearest edge of the label or the bar; more than the arrow's half width. */
    static final double GAP = 10;
    /** The arrow's half width across the line, and its length along it. */
    static final double ARROW_HALF = 6; // long and narrow: an equilateral-looking head reads as pointing anywhere
    static final double ARROW_LEN = 24;
    /** The points along a line that are tried, the middle first. */
    static final double[] ALONG = {0.5, 0.42, 0.58, 0.35, 0.65, 0.28, 0.72, 0.22, 0.78};

    /** The sizes of a link's parts (the bar and the speed count only while a resync runs). */
    record Sizes(double labelW, double labelH, double barW, double barH, double speedW, double speedH) {
    }

    /** One link to place: its ends (box centres), whether a resync runs and from which end. */
    record Request(Point2D a, Point2D b, boolean sync, boolean fromA, Sizes sizes) {
    }

    /** Where its parts went; the arrow's points are tip, then the two corners of its base. */
    record Placed(Bounds label, double[] arrow, Bounds bar, Bounds speed, double along) {

        Bounds arrowBounds() {
            if (arrow == null) {
                return null;
            }
            double minX = Math.min(arrow[0], Math.min(arrow[2], arrow[4]));
            double minY = Math.min(arrow[1], Math.min(arrow[3], arrow[5]));
            double maxX = Math.max(arrow[0], Math.max(arrow[2], arrow[4]));
            double maxY = Math.max(arrow[1], Math.max(arrow[3], arrow[5]));
            return new BoundingBox(minX, minY, maxX - minX, maxY - minY);
        }

        List<Bounds> parts() {
            List<Bounds> out = new ArrayList<>(4);
            out.add(label);
            if (arrow != null) {
                out.add(arrowBounds());
                out.add(bar);
                out.add(speed);
            }
            return out;
        }
    }

    private LinkLayout() {
    }

    /**
     * Places every link, the resyncing ones first (their arrows matter most): at the first point along its line, with
     * its label on either side, where its parts clear the boxes and everything placed before; where the diagram is too
     * crowded for that, where at least no arrow is covered and nothing covers an arrow; only if even that is impossible,
     * in the middle.
     */
    static List<Placed> placeAll(List<Request> links, List<Bounds> boxes) {
        Placed[] out = new Placed[links.size()];
        List<Bounds> arrows = new ArrayList<>();
        List<Bounds> others = new ArrayList<>(boxes);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < links.size(); i++) {
                Request r = links.get(i);
                if (r.sync() != (pass == 0)) {
                    continue;
                }
                Placed chosen = null;
                int[] score = null;
                for (double t : ALONG) {
                    for (boolean flip : new boolean[] {false, true}) {
                        Placed p = place(r, t, flip);
                        int[] sc = {conflicts(p.parts(), arrows) + (p.arrow() == null ? 0
                                : conflicts(List.of(p.arrowBounds()), others)), conflicts(p.parts(), others)};
                        if (score == null || sc[0] < score[0] || sc[0] == score[0] && sc[1] < score[1]) {
                            chosen = p;
                            score = sc;
                        }
                        if (sc[0] == 0 && sc[1] == 0) {
                            break;
                        }
                    }
                    if (score[0] == 0 && score[1] == 0) {
                        break;
                    }
                }
                out[i] = chosen;
                if (chosen.arrow() != null) {
                    arrows.add(chosen.arrowBounds());
                    others.add(chosen.bar());
                    others.add(chosen.speed());
                }
                others.add(chosen.label());
            }
        }
        return List.of(out);
    }

    /** How many of the placed areas these parts overlap. */
    private static int conflicts(List<Bounds> parts, List<Bounds> taken) {
        int n = 0;
        for (Bounds mine : parts) {
            for (Bounds other : taken) {
                if (mine.intersects(other)) {
                    n++;
                }
            }
        }
        return n;
    }

    static Placed place(Request r, double t) {
        return place(r, t, false);
    }

    /** One link's parts around the point {@code t} of the way from a to b; flipped: the label below, the bar above. */
    static Placed place(Request r, double t, boolean flip) {
        Point2D a = r.a();
        Point2D b = r.b();
        Point2D d = b.subtract(a);
        Point2D u = d.magnitude() < 1e-9 ? new Point2D(1, 0) : d.normalize();
        Point2D n = new Point2D(-u.getY(), u.getX());
        if (n.getY() > 0 || (Math.abs(n.getY()) < 1e-9 && n.getX() < 0)) {
            n = n.multiply(-1); // the label goes up (or right, beside a vertical line)
        }
        if (flip) {
            n = n.multiply(-1);
        }
        Point2D p = a.add(d.multiply(t));
        Sizes s = r.sizes();
        if (!r.sync()) {
            return new Placed(beside(p, n, s.labelW(), s.labelH(), GAP), null, null, null, t);
        }
        // during a resync the label, the bar and the speed are one block, beside the line; the arrow is on the line
        double bw = Math.max(s.labelW(), Math.max(s.barW(), s.speedW()));
        double bh = s.labelH() + 2 + s.barH() + 2 + s.speedH();
        Bounds block = beside(p, n, bw, bh, GAP);
        double cx = block.getMinX() + bw / 2;
        Bounds label = new BoundingBox(cx - s.labelW() / 2, block.getMinY(), s.labelW(), s.labelH());
        Bounds bar = new BoundingBox(cx - s.barW() / 2, label.getMaxY() + 2, s.barW(), s.barH());
        Bounds speed = new BoundingBox(cx - s.speedW() / 2, bar.getMaxY() + 2, s.speedW(), s.speedH());
        Point2D dir = r.fromA() ? u : u.multiply(-1); // from the SyncSource to the SyncTarget
        Point2D tip = p.add(dir.multiply(ARROW_LEN / 2));
        Point2D base = p.subtract(dir.multiply(ARROW_LEN / 2));
        Point2D across = new Point2D(-dir.getY(), dir.getX()).multiply(ARROW_HALF);
        Point2D c1 = base.add(across);
        Point2D c2 = base.subtract(across);
        double[] arrow = {tip.getX(), tip.getY(), c1.getX(), c1.getY(), c2.getX(), c2.getY()};
        return new Placed(label, arrow, bar, speed, t);
    }

    /** A w × h box on the side {@code n} of the point, its nearest edge {@code gap} from it along n. */
    private static Bounds beside(Point2D p, Point2D n, double w, double h, double gap) {
        Point2D c = p.add(n.multiply(gap + extent(n, w, h)));
        return new BoundingBox(c.getX() - w / 2, c.getY() - h / 2, w, h);
    }

    /** Half the extent of a w × h box along the unit vector n. */
    private static double extent(Point2D n, double w, double h) {
        return Math.abs(n.getX()) * w / 2 + Math.abs(n.getY()) * h / 2;
    }
}
