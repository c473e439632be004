// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One line of {@code drbdsetup events2}: {@code [timestamp] action object key:value...}.
 *
 * <p>Fields are kept as two parallel arrays in printed order: lookups scan a handful of entries, which is faster than
 * building a map for every line of a busy stream.
 */
public final class Events2Event {

    /** What happened. */
    public enum Action { EXISTS, CREATE, CHANGE, DESTROY, CALL, RESPONSE, RENAME }

    /** What it happened to. {@code END} is the {@code -} that closes the initial dump; {@code OTHER} is unknown. */
    public enum ObjectType { RESOURCE, CONNECTION, DEVICE, PEER_DEVICE, PATH, HELPER, END, OTHER }

    private final String timestamp;
    private final Action action;
    private final ObjectType object;
    private final String objectName;
    private final String[] keys;
    private final String[] values;
    private final int size;

    Events2Event(String timestamp, Action action, ObjectType object, String objectName, String[] keys,
            String[] values, int size) {
        this.timestamp = timestamp;
        this.action = action;
        this.object = object;
        this.objectName = objectName;
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /** The raw {@code --timestamps} prefix, or null. */
    public String timestamp() {
        return timestamp;
    }

    /** The timestamp as a date, or null when absent or unreadable. */
    public OffsetDateTime time() {
        if (timestamp == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public Action action() {
        return action;
    }

    public ObjectType object() {
        return object;
    }

    /** The object word as printed ({@code peer-device}, or an unknown one). */
    public String objectName() {
        return objectName;
    }

    public String get(String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    public int size() {
        return size;
    }

    public String key(int i) {
        return keys[i];
    }

    public String value(int i) {
        return values[i];
    }

    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put(keys[i], values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (timestamp != null) {
            sb.append(timestamp).append(' ');
        }
        sb.append(action.name().toLowerCase(Locale.ROOT)).append(' ').append(objectName);
        for (int i = 0; i < size; i++) {
            sb.append(' ').append(keys[i]).append(':').append(values[i]);
        }
        return sb.toString();
    }
}
