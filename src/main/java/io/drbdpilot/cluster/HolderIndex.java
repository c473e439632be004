// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Resource name → the nodes (by small index) whose last view has it, for {@link CrossNodeChecks}: 500 nodes hold
 * 250,000 resources, so the entries are packed without an object each (an open-addressing table of names and longs:
 * about 24 bytes a resource, where a map of arrays took about 70, 17 MiB at 500 × 1000). Up to three holders, the
 * rule for DRBD, sit in the long (20 bits each, the count in the top bits); a resource with more spills to a small
 * map. Not thread-safe.
 */
final class HolderIndex {

    private static final int BITS = 20;
    private static final long MASK = (1L << BITS) - 1;
    private static final int PACKED = 3;
    private static final long SPILLED = 15;
    /** Marks a removed entry (by identity), so that probing goes on past it. */
    private static final String GONE = new String("gone");
    static final int MAX_NODE = (int) MASK;

    private String[] keys = new String[64];
    private long[] vals = new long[64];
    /** Live entries, and slots taken (live or {@link #GONE}). */
    private int size;
    private int taken;
    private final Map<String, int[]> spill = new HashMap<>();

    /** The holders of {@code name}, in the order they were added; an empty array when none. */
    int[] get(String name) {
        int at = find(name);
        if (at < 0) {
            return new int[0];
        }
        long v = vals[at];
        int n = (int) (v >>> 60);
        if (n == SPILLED) {
            return spill.get(name).clone();
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) ((v >>> (i * BITS)) & MASK);
        }
        return out;
    }

    void add(String name, int node) {
        if (node < 0 || node > MAX_NODE) {
            throw new IllegalArgumentException("node index " + node);
        }
        int[] now = get(name);
        for (int h : now) {
            if (h == node) {
                return;
            }
        }
        int[] next = Arrays.copyOf(now, now.length + 1);
        next[now.length] = node;
        put(name, next);
    }

    void remove(String name, int node) {
        int[] now = get(name);
        int at = -1;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == node) {
                at = i;
            }
        }
        if (at < 0) {
            return;
        }
        int[] next = new int[now.length - 1];
        System.arraycopy(now, 0, next, 0, at);
        System.arraycopy(now, at + 1, next, at, now.length - at - 1);
        put(name, next);
    }

    int size() {
        return size;
    }

    private void put(String name, int[] holders) {
        spill.remove(name);
        int at = find(name);
        if (holders.length == 0) {
            if (at >= 0) {
                keys[at] = GONE;
                size--;
            }
            return;
        }
        long v;
        if (holders.length > PACKED) {
            spill.put(name, holders);
            v = SPILLED << 60;
        } else {
            v = (long) holders.length << 60;
            for (int i = 0; i < holders.length; i++) {
                v |= (long) holders[i] << (i * BITS);
            }
        }
        if (at >= 0) {
            vals[at] = v;
            return;
        }
        if ((taken + 1) * 10L > keys.length * 6L) {
            rehash(size + 1 > keys.length * 3 / 10 ? keys.length * 2 : keys.length);
        }
        int i = slot(name.hashCode(), keys.length);
        while (keys[i] != null && keys[i] != GONE) {
            i = (i + 1) & (keys.length - 1);
        }
        if (keys[i] == null) {
            taken++;
        }
        keys[i] = name;
        vals[i] = v;
        size++;
    }

    private int find(String name) {
        int i = slot(name.hashCode(), keys.length);
        for (String k; (k = keys[i]) != null; i = (i + 1) & (keys.length - 1)) {
            if (k != GONE && k.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void rehash(int capacity) {
        String[] oldKeys = keys;
        long[] oldVals = vals;
        keys = new String[capacity];
        vals = new long[capacity];
        taken = 0;
        for (int j = 0; j < oldKeys.length; j++) {
            String k = oldKeys[j];
            if (k != null && k != GONE) {
                int i = slot(k.hashCode(), capacity);
                while (keys[i] != null) {
                    i = (i + 1) & (capacity - 1);
                }
                keys[i] = k;
                vals[i] = oldVals[j];
                taken++;
            }
        }
    }

    private static int slot(int hash, int capacity) {
        return (hash ^ (hash >>> 16)) * 0x9E3779B9 >>> 1 & (capacity - 1);
    }
}
