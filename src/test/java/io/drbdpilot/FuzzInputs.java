// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The inputs the fuzz tests feed to readers of remote text: one in ten is random tokens and characters, the rest are
 * runs of lines (one in five a whole document) cut from real outputs, with up to a few mutations (a token inserted,
 * characters deleted or replaced, the text cut short, a number spliced in).
 */
public final class FuzzInputs {

    private FuzzInputs() {
    }

    /**
     * @param maxChar random characters are drawn below this code point (127: printable ASCII; higher: any text)
     */
    public static String input(SplittableRandom rnd, List<String> seeds, String[] tokens, int maxChar) {
        int low = maxChar <= 127 ? 32 : 0;
        if (rnd.nextInt(10) == 0) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(80);
            for (int i = 0; i < n; i++) {
                sb.append(rnd.nextBoolean() ? tokens[rnd.nextInt(tokens.length)] : (char) rnd.nextInt(low, maxChar));
            }
            return sb.toString();
        }
        String[] lines = seeds.get(rnd.nextInt(seeds.size())).split("\n", -1);
        boolean whole = rnd.nextInt(5) == 0; // whole documents too, so XML and JSON can parse at all
        int from = whole ? 0 : rnd.nextInt(lines.length);
        int to = whole ? lines.length : Math.min(lines.length, from + 1 + rnd.nextInt(24));
        StringBuilder sb = new StringBuilder(String.join("\n", Arrays.copyOfRange(lines, from, to)));
        int mutations = rnd.nextInt(5);
        for (int m = 0; m < mutations && !sb.isEmpty(); m++) {
            int at = rnd.nextInt(sb.length());
            switch (rnd.nextInt(5)) {
                case 0 -> sb.insert(at, tokens[rnd.nextInt(tokens.length)]);
                case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + rnd.nextInt(8)));
                case 2 -> sb.setCharAt(at, (char) rnd.nextInt(low, maxChar));
                case 3 -> sb.setLength(at); // a stream cut short
                default -> sb.replace(at, Math.min(sb.length(), at + 3), String.valueOf(rnd.nextLong()));
            }
        }
        return sb.toString();
    }
}
