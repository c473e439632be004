// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * OpenSSH host pattern lists, as {@code Host} lines and known_hosts use them: {@code *} and {@code ?} wildcards,
 * case-insensitive, and {@code !pattern} vetoes the whole list.
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
            if (glob(negated ? p.substring(1) : p).matcher(host).matches()) {
                if (negated) {
                    return false;
                }
                hit = true;
            }
        }
        return hit;
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }
}
