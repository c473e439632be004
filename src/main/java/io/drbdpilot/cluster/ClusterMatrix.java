// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A snapshot boiled down for the overview and the navigator: one cell per resource and node, and each node's worst
 * state. Built on the monitor's thread, so the UI thread only draws. Cells are bytes: a 1000 × 200 cluster is 200 KB.
 *
 * @param resources every resource of the cluster, sorted (the rows)
 * @param rows      each resource's row, for lookups in constant time (shared while the index is reused)
 * @param nodes     the nodes in the cluster's order (the columns)
 * @param cells     {@code cells[row * nodes.size() + col]}, a {@link Cell} ordinal
 * @param nodeWorst each node's worst finding (null when it has none of warning or worse)
 * @param live      nodes whose view is live
 */
public record ClusterMatrix(String cluster, List<String> resources, Map<String, Integer> rows, List<String> nodes,
        byte[] cells,
        Map<String, Severity> nodeWorst, Map<String, Severity> resourceWorst, int live) {

    /** What one resource looks like on one node, worst first where several apply. */
    public enum Cell {
        /** The node does not have this resource. */
        ABSENT,
        /** Healthy and Secondary. */
        OK,
        /** Healthy and Primary. */
        PRIMARY,
        /** A resync or verify runs. */
        SYNC,
        /** A warning finding. */
        WARNING,
        /** A danger finding. */
        DANGER,
        /** The node's view is stale (unreachable): the last known state is not current. */
        STALE,
        /** The node's state has not arrived yet. */
        CONNECTING
    }

    private static final Cell[] CELLS = Cell.values();

    public Cell cell(int row, int col) {
        return CELLS[cells[row * nodes.size() + col]];
    }

    /** The row of a resource, or -1 when no node has it. */
    public int rowOf(String resource) {
        Integer row = rows.get(resource);
        return row == null ? -1 : row;
    }

    /**
     * Digests a snapshot. The resource index of {@code previous} is reused when it still fits, so a steady cluster
     * costs no sorting.
     */
    public static ClusterMatrix of(ClusterSnapshot s, ClusterMatrix previous) {
        List<String> nodes = s.nodes().stream().map(NodeView::node).toList();
        Map<String, Severity> worst = new HashMap<>();
        Map<String, Severity> nodeWorst = new HashMap<>();
        Map<String, Severity> resourceWorst = new HashMap<>();
        for (ClusterFinding f : s.findings()) {
            Severity sev = f.finding().severity();
            if (sev.compareTo(Severity.WARNING) < 0) {
                continue;
            }
            String res = f.finding().resource();
            if (res != null) {
                resourceWorst.merge(res, sev, Severity::max);
            }
            if (f.node() != null) {
                nodeWorst.merge(f.node(), sev, Severity::max);
                if (res != null) {
                    worst.merge(f.node() + "\u0000" + res, sev, Severity::max);
                }
            }
        }
        boolean reuse = previous != null && fits(previous.rows(), s);
        List<String> resources = reuse ? previous.resources() : index(s);
        Map<String, Integer> rows = reuse ? previous.rows() : rows(resources);
        int cols = nodes.size();
        byte[] cells = new byte[resources.size() * cols];
        int live = 0;
        for (int c = 0; c < cols; c++) {
            NodeView v = s.nodes().get(c);
            live += v.isLive() ? 1 : 0;
            for (ResourceState r : v.resources()) {
                Integer row = rows.get(r.name());
                if (row == null) {
                    continue;
                }
                Cell cell;
                Severity own = worst.get(v.node() + "\u0000" + r.name());
                Severity all = resourceWorst.get(r.name());
                Severity sev = own == null ? all : all == null ? own : Severity.max(own, all);
                if (v.freshness() == NodeView.Freshness.STALE) {
                    cell = Cell.STALE;
                } else if (sev == Severity.DANGER) {
                    cell = Cell.DANGER;
                } else if (r.resyncRuns()) {
                    cell = Cell.SYNC;
                } else if (sev == Severity.WARNING) {
                    cell = Cell.WARNING;
                } else {
                    cell = r.role().is(Role.PRIMARY) ? Cell.PRIMARY : Cell.OK;
                }
                cells[row * cols + c] = (byte) cell.ordinal();
            }
            if (v.resources().isEmpty() && v.freshness() != NodeView.Freshness.LIVE) {
                byte b = (byte) (v.freshness() == NodeView.Freshness.STALE ? Cell.STALE : Cell.CONNECTING).ordinal();
                for (int row = 0; row < resources.size(); row++) {
                    cells[row * cols + c] = b;
                }
            }
        }
        return new ClusterMatrix(s.cluster(), resources, rows, nodes, cells, Map.copyOf(nodeWorst),
                Map.copyOf(resourceWorst), live);
    }

    private static boolean fits(Map<String, Integer> rows, ClusterSnapshot s) {
        for (NodeView v : s.nodes()) {
            for (String name : v.byName().keySet()) {
                if (!rows.containsKey(name)) {
                    return false;
                }
            }
        }
        // Resources that are gone from every node leave empty rows until the index is rebuilt: cheap to check.
        return rows.size() <= s.nodes().stream().mapToInt(v -> v.resources().size()).sum();
    }

    private static Map<String, Integer> rows(List<String> resources) {
        Map<String, Integer> out = new HashMap<>(resources.size() * 2);
        for (int i = 0; i < resources.size(); i++) {
            out.put(resources.get(i), i);
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<String> index(ClusterSnapshot s) {
        TreeSet<String> names = new TreeSet<>();
        s.nodes().forEach(v -> names.addAll(v.byName().keySet()));
        return List.copyOf(new ArrayList<>(names));
    }

    /** How many cells are in each state (for the legend). */
    public int[] counts() {
        int[] out = new int[CELLS.length];
        for (byte b : cells) {
            out[b]++;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterMatrix d && cluster.equals(d.cluster) && resources.equals(d.resources)
                && nodes.equals(d.nodes) && Arrays.equals(cells, d.cells) && nodeWorst.equals(d.nodeWorst)
                && live == d.live;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cells);
    }
}
