// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.ArrayList;
import java.util.List;

/** Splits text into lines, keeping whether the last one was terminated (a cut stream leaves it open). */
record Lines(List<String> lines, boolean lastTerminated) {

    static Lines of(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                out.add(text.substring(start, end));
                start = i + 1;
            }
        }
        boolean terminated = start == n;
        if (!terminated) {
            out.add(text.substring(start));
        }
        return new Lines(out, terminated);
    }

    /** Line number n (1-based) of text, or empty when there is no such line. */
    static String lineAt(String text, int n) {
        if (n <= 0) {
            return "";
        }
        String[] lines = text.split("\n", -1);
        return n <= lines.length ? lines[n - 1] : "";
    }

    /** True when line index i is the last line and the input ended in the middle of it. */
    boolean isCut(int index) {
        return !lastTerminated && index == lines.size() - 1;
    }
}
