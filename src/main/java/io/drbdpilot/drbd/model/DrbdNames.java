// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Maps DRBD's spellings to enum constants, once per enum, with a case-insensitive fallback. */
final class DrbdNames {

    private static final Map<Class<?>, Map<String, Object>> TABLES = new ConcurrentHashMap<>();

    private DrbdNames() {
    }

    @SuppressWarnings("unchecked")
    static <E extends Enum<E> & DrbdName> E lookup(Class<E> type, String text) {
        Map<String, Object> table = TABLES.computeIfAbsent(type, DrbdNames::build);
        Object hit = table.get(text);
        if (hit == null && text != null) {
            hit = table.get(text.toLowerCase(Locale.ROOT));
        }
        return hit != null ? (E) hit : Enum.valueOf(type, "UNRECOGNIZED");
    }

    /** Old spellings: early DRBD 9 utils say replication:Connected, and connection:WFReportParams mid-handshake. */
    private static final Map<Class<?>, Map<String, String>> ALIASES = Map.of(
            ReplicationState.class, Map.of("Connected", "Established"),
            CState.class, Map.of("WFConnection", "Connecting", "WFReportParams", "Connecting"));

    private static Map<String, Object> build(Class<?> type) {
        Map<String, Object> m = new HashMap<>();
        ALIASES.getOrDefault(type, Map.of()).forEach((old, now) -> {
            for (Object c : type.getEnumConstants()) {
                if (((DrbdName) c).drbdName().equals(now)) {
                    m.put(old, c);
                    m.put(old.toLowerCase(Locale.ROOT), c);
                }
            }
        });
        for (Object c : type.getEnumConstants()) {
            DrbdName n = (DrbdName) c;
            if (!"UNRECOGNIZED".equals(((Enum<?>) c).name())) {
                m.put(n.drbdName(), c);
                m.putIfAbsent(n.drbdName().toLowerCase(Locale.ROOT), c);
            }
        }
        return Map.copyOf(m);
    }
}
