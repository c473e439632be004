// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A resource's configuration as {@code drbdadm dump RES} prints it, compared between nodes: the comment lines (which
 * name the node that printed them) dropped, secrets masked, and a line diff in the form admins read ({@code -} only on
 * the first node, {@code +} only on the second).
 */
public final class ConfigText {

    private static final Pattern SECRET = Pattern.compile(
            "(?i)(shared-secret\\s+)(\"[^\"]*\"|\\S+?)(;)|(--shared-secret=)(\\S+)");

    private ConfigText() {
    }

    /** Every shared secret replaced by {@code ***} (in a dump's {@code shared-secret "x";} and in {@code --shared-secret=x}). */
    public static String maskSecrets(String text) {
        return SECRET.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) != null
                ? m.group(1) + "\"***\"" + m.group(3) : m.group(4) + "***"));
    }

    /** The lines that matter for a comparison: no comments, no blank lines, no trailing blanks, secrets masked. */
    public static List<String> normalize(String dump) {
        List<String> out = new ArrayList<>();
        for (String l : maskSecrets(dump).split("\n")) {
            String s = l.stripTrailing();
            if (!s.isBlank() && !s.strip().startsWith("#")) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The lines where {@code a} and {@code b} differ, with two lines of context: {@code "  x"} in both, {@code "- x"}
     * only in a, {@code "+ x"} only in b; {@code "  ..."} where unchanged lines are left out. Empty when equal.
     */
    public static List<String> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> all = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                all.add("  " + a.get(i++));
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                all.add("+ " + b.get(j++));
            } else {
                all.add("- " + a.get(i++));
            }
        }
        if (all.stream().allMatch(l -> l.startsWith("  "))) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int last = -1;
        for (int k = 0; k < all.size(); k++) {
            boolean near = false;
            for (int d = -2; d <= 2 && !near; d++) {
                int x = k + d;
                near = x >= 0 && x < all.size() && !all.get(x).startsWith("  ");
            }
            if (near) {
                if (last >= 0 && k > last + 1) {
                    out.add("  ...");
                }
                out.add(all.get(k));
                last = k;
            }
        }
        return out;
    }
}
