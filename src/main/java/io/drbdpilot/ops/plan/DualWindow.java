// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dual-primary window of a live migration, timed from what the nodes report: it opens when a fresh read sees both
 * nodes Primary for a resource and closes when one sees a single Primary again. Past the limit it says so, loudly,
 * once per resource: while the window is open, a cut replication link is a split brain.
 */
public final class DualWindow {

    private final Duration limit;
    private final PlanListener listener;
    private final Map<String, Instant> openSince = new LinkedHashMap<>();
    private final Map<String, Duration> total = new LinkedHashMap<>();
    private final Set<String> warned = new HashSet<>();

    public DualWindow(Duration limit, PlanListener listener) {
        this.limit = limit;
        this.listener = listener;
    }

    Duration limit() {
        return limit;
    }

    /** Per resource, the nodes last known Primary (from reads and from the role changes the plan made). */
    private final Map<String, Set<String>> primaries = new LinkedHashMap<>();

    /**
     * Both nodes' roles as a read found them ({@code now}: when the read ended). The transitions DRBD Pilot makes
     * itself are timed by {@link #roleChanged}, closer to the kernel's own moment than a read that takes seconds.
     */
    public synchronized void seen(String res, String a, boolean aPrimary, String b, boolean bPrimary, Instant now) {
        Set<String> p = primaries.computeIfAbsent(res, k -> new HashSet<>());
        for (Object[] x : new Object[][] {{a, aPrimary}, {b, bPrimary}}) {
            if ((Boolean) x[1]) {
                p.add((String) x[0]);
            } else {
                p.remove((String) x[0]);
            }
        }
        observe(res, p.size() > 1, now);
    }

    /** A promote or demote the plan ran on {@code node} succeeded at {@code at} (when the command returned). */
    public synchronized void roleChanged(String res, String node, boolean primary, Instant at) {
        Set<String> p = primaries.computeIfAbsent(res, k -> new HashSet<>());
        if (primary) {
            p.add(node);
        } else {
            p.remove(node);
        }
        observe(res, p.size() > 1, at);
    }

    public synchronized void observe(String res, boolean bothPrimary, Instant now) {
        if (bothPrimary && !openSince.containsKey(res)) {
            openSince.put(res, now);
            listener.log("Dual-primary window open on " + res + ": both nodes are Primary (limit "
                    + seconds(limit) + ").");
            listener.dualPrimary(res, true, Duration.ZERO, false);
        } else if (!bothPrimary && openSince.containsKey(res)) {
            Duration d = Duration.between(openSince.remove(res), now);
            total.merge(res, d, Duration::plus);
            listener.log("Dual-primary window closed on " + res + " after " + seconds(d) + ".");
            listener.dualPrimary(res, false, d, d.compareTo(limit) > 0);
        }
        check(now);
    }

    /** Says so, loudly, when a window has been open longer than the limit. */
    public synchronized void check(Instant now) {
        for (Map.Entry<String, Instant> e : openSince.entrySet()) {
            Duration d = Duration.between(e.getValue(), now);
            if (d.compareTo(limit) > 0 && warned.add(e.getKey())) {
                listener.log("WARNING: the dual-primary window on " + e.getKey() + " has been open for " + seconds(d)
                        + ", past the limit of " + seconds(limit) + ". Both nodes can write: if the replication link "
                        + "fails now, the data splits (split brain). Finish or abort the migration.");
                listener.dualPrimary(e.getKey(), true, d, true);
            }
        }
    }

    synchronized List<String> open() {
        return List.copyOf(openSince.keySet());
    }

    /** How long the windows were open, per resource (closed ones; open ones up to {@code now}). */
    synchronized Map<String, Duration> durations(Instant now) {
        Map<String, Duration> out = new TreeMap<>(total);
        openSince.forEach((r, t) -> out.merge(r, Duration.between(t, now), Duration::plus));
        return out;
    }

    /** "vm-mail 4.2 s" per resource, with a warning when one went past the limit; empty when none opened. */
    public synchronized String summary(Instant now) {
        List<String> parts = new ArrayList<>();
        boolean over = false;
        for (Map.Entry<String, Duration> e : durations(now).entrySet()) {
            parts.add(e.getKey() + " " + seconds(e.getValue()));
            over |= e.getValue().compareTo(limit) > 0;
        }
        if (parts.isEmpty()) {
            return "";
        }
        return "Dual-primary window: " + String.join(", ", parts) + (over ? " (WARNING: past the limit of "
                + seconds(limit) + ")" : " (limit " + seconds(limit) + ")") + ".";
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 60_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                : ms % 1000 == 0 ? String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, ms / 1000 % 60)
                : String.format(Locale.ROOT, "%d min %04.1f s", ms / 60_000, ms % 60_000 / 1000.0); // tenths kept
    }
}
