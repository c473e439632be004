// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.util.Locale;
import java.util.function.BiPredicate;

/**
 * OpenSSH host pattern lists, as {@code Host} and {@code Match host} lines and known_hosts use them: {@code *} and
 * {@code ?} wildcards, case-insensitive, and {@code !pattern} vetoes the whole list. Matching is a two-pointer walk
 * with one backtrack point, never a regular expression: a pattern read from a file takes time proportional to
 * pattern times host at worst.
 */
final class HostPatterns {

    private HostPatterns() {
    }

    /**
     * @param special matches an entry this class does not know (known_hosts' hashed {@code |1|...}), or null
     */
    static boolean matches(Iterable<String> patterns, String host, BiPredicate<String, String> special) {
        boolean hit = false;
        for (String p : patterns) {
            if (special != null && p.startsWith("|")) {
                hit |= special.test(p, host);
                continue;
            }
            boolean negated = p.startsWith("!");
            if (glob(negated ? p.substring(1) : p, host)) {
                if (negated) {
                    return false;
                }
                hit = true;
            }
        }
        return hit;
    }

    /** {@code *} and {@code ?} globbing, case-insensitive. */
    static boolean glob(String pattern, String text) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String t = text.toLowerCase(Locale.ROOT);
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
