// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One instance of each short text and small number the parsers keep: state names, option values, host names, small
 * counters and minors repeat across thousands of objects of a large cluster. The pools are bounded; later distinct
 * texts are simply not shared. Thread-safe.
 */
final class SharedTexts {

    private static final int MAX_LENGTH = 16;
    private static final int MAX_COUNT = 8192;
    private static final Map<String, String> POOL = new ConcurrentHashMap<>();
    /** Minors, ports and promotion scores repeat across the nodes of a cluster: one box each up to this value. */
    private static final int MAX_BOXED = 1 << 15;
    private static final AtomicReferenceArray<Integer> BOXES = new AtomicReferenceArray<>(MAX_BOXED);

    private SharedTexts() {
    }

    /** The one box of a small non-negative number (Integer.valueOf keeps only up to 127); others boxed anew. */
    static Integer share(int value) {
        if (value < 0 || value >= MAX_BOXED) {
            return value;
        }
        Integer known = BOXES.get(value);
        if (known == null) {
            BOXES.compareAndSet(value, null, Integer.valueOf(value));
            known = BOXES.get(value);
        }
        return known;
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
