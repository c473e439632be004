// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A state value as DRBD reported it: the typed constant, and the text it came from. A string this version does not
 * know becomes {@code UNRECOGNIZED} and keeps its text, so nothing the kernel says is lost or guessed.
 */
public record Reported<E extends Enum<E> & DrbdName>(E value, String raw) {

    public Reported {
        Objects.requireNonNull(value, "value");
        raw = raw == null ? value.drbdName() : raw;
    }

    /** One shared instance per constant spelt the DRBD way: a large cluster reports the same few states a million times. */
    private static final Map<Enum<?>, Reported<?>> CANONICAL = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public static <E extends Enum<E> & DrbdName> Reported<E> of(E value) {
        return (Reported<E>) CANONICAL.computeIfAbsent(value, v -> new Reported<>(value, value.drbdName()));
    }

    public static <E extends Enum<E> & DrbdName> Reported<E> parse(Class<E> type, String raw) {
        E value = DrbdNames.lookup(type, raw);
        return value.drbdName().equals(raw) ? of(value) : new Reported<>(value, raw);
    }

    public boolean is(E constant) {
        return value == constant;
    }

    public boolean isUnrecognized() {
        return "UNRECOGNIZED".equals(value.name());
    }

    /** DRBD's spelling, or the raw text of an unrecognized value. */
    @JsonValue
    @Override
    public String toString() {
        return raw;
    }
}
