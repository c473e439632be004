// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.health.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which desktop notifications to show: a resource that degrades (its worst finding becomes a warning or
 * danger) or recovers (no warning left). A resource seen for the first time is taken as it is, silently: the
 * navigator shows it. Many changes in one snapshot become one notification, and at most {@code burst} notifications
 * are shown per {@code window}; what is held back is summed up in the next one. Not thread-safe: one caller.
 */
public final class AlertGate {

    /** Which way a resource went. */
    public enum Kind { DEGRADED, RECOVERED }

    /** One notification. {@code resources} lists what it is about (one, or a group). */
    public record Alert(Kind kind, Severity severity, String cluster, List<String> resources, String title,
            String text) {
        public Alert {
            resources = List.copyOf(resources);
        }
    }

    private static final int GROUP_ABOVE = 3;

    private final int burst;
    private final Duration window;
    private final ArrayDeque<Instant> sent = new ArrayDeque<>();
    /** cluster → resource → worst severity now (INFO when healthy) */
    private final Map<String, Map<String, Severity>> known = new HashMap<>();
    private int heldBack;

    public AlertGate(int burst, Duration window) {
        this.burst = burst;
        this.window = window;
    }

    /** The notifications this snapshot calls for, already rate-limited. */
    public List<Alert> update(ClusterSnapshot s) {
        Map<String, Severity> now = new TreeMap<>();
        for (NodeView v : s.nodes()) {
            v.resources().forEach(r -> now.put(r.name(), Severity.INFO));
        }
        for (ClusterFinding f : s.findings()) {
            String res = f.finding().resource();
            if (res != null && now.containsKey(res) && f.finding().severity().compareTo(now.get(res)) > 0) {
                now.put(res, f.finding().severity());
            }
        }
        Map<String, Severity> before = known.computeIfAbsent(s.cluster(), k -> new HashMap<>());
        Map<String, Severity> degraded = new TreeMap<>();
        List<String> recovered = new ArrayList<>();
        now.forEach((res, sev) -> {
            Severity old = before.get(res);
            if (old != null && bad(sev) && !bad(old) || old != null && sev == Severity.DANGER && old != sev) {
                degraded.put(res, sev);
            } else if (old != null && bad(old) && !bad(sev)) {
                recovered.add(res);
            }
        });
        before.clear();
        before.putAll(now);
        List<Alert> wanted = new ArrayList<>();
        if (!degraded.isEmpty()) {
            Severity worst = degraded.values().stream().max(Severity::compareTo).orElse(Severity.WARNING);
            wanted.add(alert(Kind.DEGRADED, worst, s, List.copyOf(degraded.keySet())));
        }
        if (!recovered.isEmpty()) {
            wanted.add(alert(Kind.RECOVERED, Severity.INFO, s, recovered));
        }
        return limit(wanted, s.at());
    }

    private static boolean bad(Severity s) {
        return s == Severity.WARNING || s == Severity.DANGER;
    }

    private static Alert alert(Kind kind, Severity sev, ClusterSnapshot s, List<String> resources) {
        String what = resources.size() == 1 ? resources.get(0)
                : resources.size() <= GROUP_ABOVE ? String.join(", ", resources)
                : String.join(", ", resources.subList(0, GROUP_ABOVE)) + " and " + (resources.size() - GROUP_ABOVE)
                + " more";
        String title = (kind == Kind.DEGRADED ? (sev == Severity.DANGER ? "Danger: " : "Degraded: ")
                : "Recovered: ") + what;
        String text = kind == Kind.DEGRADED
                ? (resources.size() == 1 ? "Resource " + resources.get(0) + " " : resources.size() + " resources ")
                        + "on " + s.cluster()
                        + (resources.size() == 1 ? " needs" : " need") + " attention. Open it for the findings and "
                        + "next steps."
                : (resources.size() == 1 ? "Resource " + resources.get(0) + " " : resources.size() + " resources ")
                        + "on " + s.cluster()
                        + (resources.size() == 1 ? " is" : " are") + " healthy again.";
        return new Alert(kind, sev, s.cluster(), resources, title, text);
    }

    private List<Alert> limit(List<Alert> wanted, Instant at) {
        while (!sent.isEmpty() && sent.peekFirst().isBefore(at.minus(window))) {
            sent.removeFirst();
        }
        List<Alert> out = new ArrayList<>();
        for (Alert a : wanted) {
            if (sent.size() < burst) {
                sent.addLast(at);
                out.add(heldBack == 0 ? a : new Alert(a.kind(), a.severity(), a.cluster(), a.resources(), a.title(),
                        a.text() + " (" + heldBack + " earlier notification" + (heldBack == 1 ? " was" : "s were")
                                + " held back: see the timeline.)"));
                heldBack = 0;
            } else {
                heldBack++;
            }
        }
        return out;
    }

    /** Notifications held back since the last one shown. */
    public int heldBack() {
        return heldBack;
    }
}
