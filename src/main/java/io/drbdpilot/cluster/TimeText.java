// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Times as an operator reads them: local time of day and how long ago ("11:29:36, 3 min ago"), the date only when it
 * is not today; never an ISO stamp with nanoseconds. The full time is {@link #full} (for a tooltip or a log).
 */
public final class TimeText {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx");

    private TimeText() {
    }

    /** "11:29:36, 3 min ago" (or "2026-11-27 11:29:36, 2 days ago" when not today), in {@code zone}. */
    public static String at(Instant t, Instant now, ZoneId zone) {
        if (t == null) {
            return "an unknown time";
        }
        boolean today = t.atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate());
        return (today ? CLOCK : DAY).format(t.atZone(zone)) + ", " + ago(t, now);
    }

    /** {@link #at(Instant, Instant, ZoneId)} now, in the machine's zone. */
    public static String at(Instant t) {
        return at(t, Instant.now(), ZoneId.systemDefault());
    }

    /** "just now", "42 s ago", "3 min ago", "2 h 5 min ago", "2 days ago"; "in the future" for a clock ahead. */
    public static String ago(Instant t, Instant now) {
        Duration d = Duration.between(t, now);
        if (d.isNegative()) {
            return d.abs().getSeconds() < 5 ? "just now" : "in the future (a clock is ahead)";
        }
        long s = d.getSeconds();
        if (s < 5) {
            return "just now";
        }
        if (s < 60) {
            return s + " s ago";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min") + " ago";
        }
        long days = s / 86_400;
        return days + (days == 1 ? " day" : " days") + " ago";
    }

    /**
     * The local time of day, "11:29:36" (with the date when not today), without "ago": for text that must not change
     * by itself (a finding's words are compared from one snapshot to the next).
     */
    public static String clock(Instant t) {
        if (t == null) {
            return "an unknown time";
        }
        ZoneId zone = ZoneId.systemDefault();
        boolean today = t.atZone(zone).toLocalDate().equals(LocalDate.now(zone));
        return (today ? CLOCK : DAY).format(t.atZone(zone));
    }

    /** The whole local time with milliseconds and the offset, for a tooltip: "2026-11-27 11:29:36.112 +01:00". */
    public static String full(Instant t, ZoneId zone) {
        return t == null ? "" : FULL.format(t.atZone(zone));
    }
}
