// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.ssh.RemoteText;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bounded timeline of a cluster: every change between successive snapshots, oldest dropped first. Exported as
 * JSON lines, one {@link HistoryEvent} per line, which {@code drbd-pilot inspect} can replay.
 */
public final class EventHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int capacity;
    private final Deque<HistoryEvent> events = new ArrayDeque<>();
    /** The views and findings the last record saw: only what changed since is read again. */
    private final Map<String, NodeView> lastViews = new LinkedHashMap<>();
    private Map<String, String> lastFindings = Map.of();

    public EventHistory(int capacity) {
        this.capacity = capacity;
    }

    /** Adds the changes the snapshot brings; returns them. */
    public synchronized List<HistoryEvent> record(ClusterSnapshot s) {
        List<HistoryEvent> changes = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (NodeView n : s.nodes()) {
            present.add(n.node());
            NodeView before = lastViews.put(n.node(), n);
            if (before != n) {
                changes.addAll(SnapshotDiff.diffNode(before, n, s.at()));
            }
        }
        for (var it = lastViews.entrySet().iterator(); it.hasNext();) {
            var gone = it.next();
            if (!present.contains(gone.getKey())) {
                changes.addAll(SnapshotDiff.diffNode(gone.getValue(), null, s.at()));
                it.remove();
            }
        }
        Map<String, String> findings = SnapshotDiff.findings(s);
        changes.addAll(SnapshotDiff.diff(lastFindings, findings, s.at()));
        lastFindings = findings;
        for (HistoryEvent e : changes) {
            if (events.size() == capacity) {
                events.removeFirst();
            }
            events.addLast(e);
        }
        return changes;
    }

    public synchronized List<HistoryEvent> events() {
        return List.copyOf(events);
    }

    /** One event as one JSON line: {"at":"...","node":"...","key":"...","from":...,"to":...}. */
    public static String jsonLine(HistoryEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toString());
        // what a node reported: one line each, secrets masked (an export is a file people pass around)
        m.put("node", clean(e.node()));
        m.put("key", clean(e.key()));
        m.put("from", clean(e.from()));
        m.put("to", clean(e.to()));
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String clean(String s) {
        return RemoteText.line(RemoteText.maskSecrets(s));
    }

    public synchronized String exportJsonLines() {
        StringBuilder sb = new StringBuilder();
        events.forEach(e -> sb.append(jsonLine(e)).append('\n'));
        return sb.toString();
    }
}
