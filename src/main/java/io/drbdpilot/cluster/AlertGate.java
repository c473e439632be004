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
import java.util.LinkedHashMap;
import java.util.TreeSet;

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
    /** What a cluster's last digest showed: every resource (the digest's own index), and the degraded ones. */
    private record Seen(Map<String, Integer> rows, Map<String, Severity> bad) {
    }

    /** cluster → what it showed last */
    private final Map<String, Seen> known = new HashMap<>();
    private int heldBack;

    public AlertGate(int burst, Duration window) {
        this.burst = burst;
        this.window = window;
    }

    /** The notifications this snapshot calls for, already rate-limited. */
    public List<Alert> update(ClusterSnapshot s) {
        return update(ClusterMatrix.of(s, null), s.at());
    }

    /**
     * The same, from the digest the UI builds anyway (each resource's worst finding is in it). Only resources that are
     * degraded now or were before are looked at: at 200,000 resources a digest comes ten times a second.
     */
    public List<Alert> update(ClusterMatrix d, Instant at) {
        Seen before = known.get(d.cluster());
        Map<String, Severity> bad = new HashMap<>();
        d.resourceWorst().forEach((res, sev) -> {
            if (bad(sev)) {
                bad.put(res, sev);
            }
        });
        Map<String, Severity> degraded = new LinkedHashMap<>();
        List<String> recovered = new ArrayList<>();
        TreeSet<String> look = new TreeSet<>(bad.keySet()); // sorted: the alerts list resources in order
        if (before != null) {
            look.addAll(before.bad().keySet());
        }
        for (String res : look) {
            if (before == null || !before.rows().containsKey(res) || !d.rows().containsKey(res)) {
                continue; // seen for the first time (taken as it is), or gone
            }
            Severity sev = bad.getOrDefault(res, Severity.INFO);
            Severity old = before.bad().getOrDefault(res, Severity.INFO);
            if (bad(sev) && !bad(old) || sev == Severity.DANGER && old != sev) {
                degraded.put(res, sev);
            } else if (bad(old) && !bad(sev)) {
                recovered.add(res);
            }
        }
        known.put(d.cluster(), new Seen(d.rows(), bad));
        List<Alert> wanted = new ArrayList<>();
        if (!degraded.isEmpty()) {
            Severity worst = degraded.values().stream().max(Severity::compareTo).orElse(Severity.WARNING);
            wanted.add(alert(Kind.DEGRADED, worst, d.cluster(), List.copyOf(degraded.keySet())));
        }
        if (!recovered.isEmpty()) {
            wanted.add(alert(Kind.RECOVERED, Severity.INFO, d.cluster(), recovered));
        }
        return limit(wanted, at);
    }

    private static boolean bad(Severity s) {
        return s == Severity.WARNING || s == Severity.DANGER;
    }

    private static Alert alert(Kind kind, Severity sev, String cluster, List<String> resources) {
        String what = resources.size() == 1 ? resources.get(0)
                : resources.size() <= GROUP_ABOVE ? String.join(", ", resources)
                : String.join(", ", resources.subList(0, GROUP_ABOVE)) + " and " + (resources.size() - GROUP_ABOVE)
                + " more";
        String title = (kind == Kind.DEGRADED ? (sev == Severity.DANGER ? "Danger: " : "Degraded: ")
                : "Recovered: ") + what;
        String text = kind == Kind.DEGRADED
                ? (resources.size() == 1 ? "Resource " + resources.get(0) + " " : resources.size() + " resources ")
                        + "on " + cluster
                        + (resources.size() == 1 ? " needs" : " need") + " attention. Open it for the findings and "
                        + "next steps."
                : (resources.size() == 1 ? "Resource " + resources.get(0) + " " : resources.size() + " resources ")
                        + "on " + cluster
                        + (resources.size() == 1 ? " is" : " are") + " healthy again.";
        return new Alert(kind, sev, cluster, resources, title, text);
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
