// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The diagram's layout never places a label (its own or another link's) over a resync arrow, nor a progress bar or a
 * speed; and every arrow points from the SyncSource to the SyncTarget. For 2, 3 and 4 nodes, every pair linked, with
 * long labels, at the diagram's size in a 1366 × 768 window: each node in turn resyncing from all its peers at once
 * (a node that comes back), and every link resyncing alone.
 */
class LinkLayoutTest {

    private static final double W = 880;
    private static final double H = 330;
    private static final LinkLayout.Sizes LONG = new LinkLayout.Sizes(250, 18, 120, 14, 190, 16);

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void noLabelCoversAnArrowAndArrowsPointAtTheTarget(int nodes) {
        List<Point2D> centres = new ArrayList<>();
        List<Bounds> boxes = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Point2D f = ResourceDiagram.slot(i, nodes);
            double x = Math.min(Math.max(f.getX() * W, 108), W - 108);
            double y = Math.min(Math.max(f.getY() * H, 75), H - 53);
            centres.add(new Point2D(x, y));
            boxes.add(new BoundingBox(x - 100, y - 45, 200, 90));
        }
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++) {
                pairs.add(new int[] {i, j});
            }
        }
        for (int target = 0; target < nodes; target++) { // this node resyncs from every peer
            int k = target;
            check(nodes, centres, boxes, pairs, p -> p[0] == k || p[1] == k, p -> p[1] == k);
        }
        for (int[] only : pairs) { // one resync at a time, in both directions
            check(nodes, centres, boxes, pairs, p -> p == only, p -> true);
            check(nodes, centres, boxes, pairs, p -> p == only, p -> false);
        }
    }

    private static void check(int nodes, List<Point2D> centres, List<Bounds> boxes, List<int[]> pairs,
            java.util.function.Predicate<int[]> syncs, java.util.function.Predicate<int[]> fromA) {
        List<LinkLayout.Request> requests = new ArrayList<>();
        for (int[] p : pairs) {
            boolean sync = syncs.test(p);
            requests.add(new LinkLayout.Request(centres.get(p[0]), centres.get(p[1]), sync, sync && fromA.test(p),
                    LONG));
        }
        List<LinkLayout.Placed> placed = LinkLayout.placeAll(requests, boxes);
        assertThat(placed).hasSize(requests.size());
        for (int i = 0; i < placed.size(); i++) {
            LinkLayout.Placed p = placed.get(i);
            LinkLayout.Request r = requests.get(i);
            if (!r.sync()) {
                assertThat(p.arrow()).isNull();
                continue;
            }
            Point2D tip = new Point2D(p.arrow()[0], p.arrow()[1]);
            Point2D baseMid = new Point2D((p.arrow()[2] + p.arrow()[4]) / 2, (p.arrow()[3] + p.arrow()[5]) / 2);
            Point2D from = r.fromA() ? r.a() : r.b();
            Point2D to = r.fromA() ? r.b() : r.a();
            assertThat(tip.subtract(baseMid).dotProduct(to.subtract(from)))
                    .as("link %d's arrow points from the SyncSource to the SyncTarget", i).isPositive();
            for (int j = 0; j < placed.size(); j++) {
                LinkLayout.Placed q = placed.get(j);
                for (Bounds part : i == j ? List.of(q.label(), q.bar(), q.speed()) : q.parts()) {
                    assertThat(overlaps(p.arrow(), part))
                            .as("%d nodes: link %d's arrow is clear of link %d's %s", nodes, i, j, part).isFalse();
                }
            }
        }
    }

    /** A triangle against a rectangle, by separating axes (both convex): true when they share an area. */
    static boolean overlaps(double[] tri, Bounds rect) {
        double[][] t = {{tri[0], tri[1]}, {tri[2], tri[3]}, {tri[4], tri[5]}};
        double[][] r = {{rect.getMinX(), rect.getMinY()}, {rect.getMaxX(), rect.getMinY()},
            {rect.getMaxX(), rect.getMaxY()}, {rect.getMinX(), rect.getMaxY()}};
        List<double[]> axes = new ArrayList<>(List.of(new double[] {1, 0}, new double[] {0, 1}));
        for (int k = 0; k < 3; k++) {
            double[] a = t[k];
            double[] b = t[(k + 1) % 3];
            axes.add(new double[] {-(b[1] - a[1]), b[0] - a[0]});
        }
        for (double[] ax : axes) {
            double[] tp = project(t, ax);
            double[] rp = project(r, ax);
            if (tp[1] <= rp[0] || rp[1] <= tp[0]) {
                return false;
            }
        }
        return true;
    }

    /** The interval a convex shape's corners cover along an axis. */
    private static double[] project(double[][] corners, double[] axis) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double[] v : corners) {
            double d = v[0] * axis[0] + v[1] * axis[1];
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        return new double[] {min, max};
    }
}
