// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A snapshot boiled down for the overview and the navigator: one cell per resource and node, and each node's worst
 * state. Built on the monitor's thread, so the UI thread only draws. Each node's cells are stored apart, for its own
 * resources only (200 nodes × 1000 resources is 200,000 cells, not 100,000 rows × 200 nodes), and a node whose view
 * and findings did not change keeps its column from the previous digest: a digest of a big cluster where one node
 * changed allocates about one column.
 *
 * @param resources every resource of the cluster, sorted (the rows)
 * @param rows      each resource's row, for lookups in constant time (shared while the index is reused)
 * @param nodes     the nodes in the cluster's order (the columns)
 * @param columns   each node's cells, in the order of {@code nodes}
 * @param nodeWorst each node's worst finding (null when it has none of warning or worse)
 * @param live      nodes whose view is live
 */
public record ClusterMatrix(String cluster, List<String> resources, Map<String, Integer> rows, List<String> nodes,
        List<Column> columns,
        Map<String, Severity> nodeWorst, Map<String, Severity> resourceWorst, int live) {

    /**
     * One node's cells: the rows of the resources it has, ascending, each one's cell, and the cell of every other row.
     *
     * @param view  what it was built from (kept to know when it can be reused)
     * @param own   the node's own findings of warning or worse, by resource
     * @param names the node's resource names for the navigator's filter (kept while the view is the same)
     */
    public record Column(NodeView view, Map<String, Severity> own, int[] rows, byte[] cells, byte rest,
            ResourceNames names) {

        Cell at(int row) {
            int i = Arrays.binarySearch(rows, row);
            return CELLS[i >= 0 ? cells[i] : rest];
        }

        boolean sameCells(Column o) {
            return rest == o.rest && Arrays.equals(rows, o.rows) && Arrays.equals(cells, o.cells);
        }
    }

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
        return columns.get(col).at(row);
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
        Map<String, Map<String, Severity>> worst = new HashMap<>(); // node → resource → its own worst finding
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
                    worst.computeIfAbsent(f.node(), k -> new HashMap<>()).merge(res, sev, Severity::max);
                }
            }
        }
        boolean reuse = previous != null && fits(previous, s);
        List<String> resources = reuse ? previous.resources() : index(s);
        Map<String, Integer> rows = reuse ? previous.rows() : rows(resources);
        Map<String, Column> before = new HashMap<>();
        if (reuse) {
            for (Column k : previous.columns()) {
                before.put(k.view().node(), k);
            }
        }
        Set<String> changedWorst = reuse ? changed(previous.resourceWorst(), resourceWorst) : Set.of();
        List<Column> columns = new ArrayList<>(s.nodes().size());
        int live = 0;
        for (NodeView v : s.nodes()) {
            live += v.isLive() ? 1 : 0;
            Map<String, Severity> own = worst.getOrDefault(v.node(), Map.of());
            Column had = before.get(v.node());
            boolean keep = had != null && had.view() == v && had.own().equals(own)
                    && changedWorst.stream().noneMatch(v.byName()::containsKey);
            columns.add(keep ? had : column(v, own, rows, resourceWorst,
                    had != null && had.view() == v ? had.names() : ResourceNames.of(v.resources())));
        }
        return new ClusterMatrix(s.cluster(), resources, rows, nodes, List.copyOf(columns), Map.copyOf(nodeWorst),
                Map.copyOf(resourceWorst), live);
    }

    private static Column column(NodeView v, Map<String, Severity> own, Map<String, Integer> rows,
            Map<String, Severity> resourceWorst, ResourceNames names) {
        long[] packed = new long[v.resources().size()];
        int n = 0;
        for (ResourceState r : v.resources()) {
            Integer row = rows.get(r.name());
            if (row == null) {
                continue;
            }
            Cell cell;
            Severity mine = own.get(r.name());
            Severity all = resourceWorst.get(r.name());
            Severity sev = mine == null ? all : all == null ? mine : Severity.max(mine, all);
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
            packed[n++] = (long) row << 8 | cell.ordinal();
        }
        Arrays.sort(packed, 0, n);
        int[] at = new int[n];
        byte[] cells = new byte[n];
        for (int i = 0; i < n; i++) {
            at[i] = (int) (packed[i] >>> 8);
            cells[i] = (byte) (packed[i] & 0xff);
        }
        Cell rest = v.resources().isEmpty() && v.freshness() != NodeView.Freshness.LIVE
                ? v.freshness() == NodeView.Freshness.STALE ? Cell.STALE : Cell.CONNECTING : Cell.ABSENT;
        return new Column(v, own, at, cells, (byte) rest.ordinal(), names);
    }

    /** The resources whose worst finding differs between two digests (both maps are small: warnings and worse). */
    private static Set<String> changed(Map<String, Severity> was, Map<String, Severity> now) {
        Set<String> out = new HashSet<>();
        was.forEach((r, sev) -> {
            if (now.get(r) != sev) {
                out.add(r);
            }
        });
        now.forEach((r, sev) -> {
            if (was.get(r) != sev) {
                out.add(r);
            }
        });
        return out;
    }

    /** Whether the previous index has a row for every resource; a node whose view is the same was seen to fit. */
    private static boolean fits(ClusterMatrix previous, ClusterSnapshot s) {
        Map<String, NodeView> seen = new HashMap<>();
        for (Column k : previous.columns()) {
            seen.put(k.view().node(), k.view());
        }
        int total = 0;
        for (NodeView v : s.nodes()) {
            total += v.resources().size();
            if (seen.get(v.node()) == v) {
                continue;
            }
            for (String name : v.byName().keySet()) {
                if (!previous.rows().containsKey(name)) {
                    return false;
                }
            }
        }
        // Resources that are gone from every node leave empty rows until the index is rebuilt: cheap to check.
        return previous.rows().size() <= total;
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
        for (Column k : columns) {
            for (byte b : k.cells()) {
                out[b]++;
            }
            out[k.rest()] += resources.size() - k.cells().length;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterMatrix d && cluster.equals(d.cluster) && resources.equals(d.resources)
                && nodes.equals(d.nodes) && sameCells(d) && nodeWorst.equals(d.nodeWorst) && live == d.live;
    }

    private boolean sameCells(ClusterMatrix d) {
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).sameCells(d.columns.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return cluster.hashCode() * 31 + nodes.hashCode();
    }
}
