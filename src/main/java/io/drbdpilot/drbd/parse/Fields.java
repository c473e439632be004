// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One object's text fields, in a {@link SmallMap} (an object has about fifteen). Short values are shared: state names
 * and small counters repeat across thousands of objects. Not thread-safe.
 */
final class Fields extends SmallMap<String, String> {

    private static final int SHARED_MAX_LENGTH = 16;
    private static final int SHARED_MAX_COUNT = 8192;
    private static final Map<String, String> SHARED = new ConcurrentHashMap<>();

    /** One instance of a short value, from a bounded pool (later distinct values are simply not pooled). */
    static String share(String value) {
        if (value == null || value.length() > SHARED_MAX_LENGTH) {
            return value;
        }
        String known = SHARED.get(value);
        if (known != null) {
            return known;
        }
        if (SHARED.size() < SHARED_MAX_COUNT) {
            known = SHARED.putIfAbsent(value, value);
            return known != null ? known : value;
        }
        return value;
    }

    @Override
    String adopt(String value) {
        return share(value);
    }
}
