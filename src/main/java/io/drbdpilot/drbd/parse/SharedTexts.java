// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each short text the parsers keep: state names, option values, host names and small counters
 * repeat across thousands of objects of a large cluster. The pool is bounded; later distinct texts are simply not
 * shared. Thread-safe.
 */
final class SharedTexts {

    private static final int MAX_LENGTH = 16;
    private static final int MAX_COUNT = 8192;
    private static final Map<String, String> POOL = new ConcurrentHashMap<>();

    private SharedTexts() {
    }

    static String share(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return text;
        }
        String known = POOL.get(text);
        if (known != null) {
            return known;
        }
        if (POOL.size() < MAX_COUNT) {
            known = POOL.putIfAbsent(text, text);
            return known != null ? known : text;
        }
        return text;
    }
}
