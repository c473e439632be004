// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.parse.Events2Event.Action;
import io.drbdpilot.drbd.parse.Events2Event.ObjectType;
import java.util.Arrays;

/**
 * Parses {@code drbdsetup events2} lines (docs/drbd-reference.md §c.3), with or without {@code --timestamps}.
 * Hand-written tokenizer, no regular expressions: a busy stream must cost little. Values never contain spaces; a token
 * is split at its first colon, so addresses like {@code ipv4:10.0.0.1:7000} stay whole.
 */
public final class Events2Parser {

    private static final int INITIAL_FIELDS = 16;

    private Events2Parser() {
    }

    /**
     * Parses one line.
     *
     * @param lineNumber 1-based, for the error message
     * @throws ParseException when the line is not an events2 line
     */
    public static Events2Event parseLine(String line, int lineNumber) throws ParseException {
        if (line == null) {
            throw new ParseException(lineNumber, "", "no line");
        }
        int n = line.length();
        int pos = skipSpaces(line, 0);
        if (pos >= n) {
            throw new ParseException(lineNumber, line, "empty events2 line");
        }
        int end = tokenEnd(line, pos);
        String timestamp = null;
        if (looksLikeTimestamp(line, pos, end)) {
            timestamp = line.substring(pos, end);
            pos = skipSpaces(line, end);
            end = tokenEnd(line, pos);
        }
        Action action = action(line, pos, end);
        if (action == null) {
            throw new ParseException(lineNumber, line, "unknown events2 action '" + line.substring(pos, end) + "'");
        }
        pos = skipSpaces(line, end);
        if (pos >= n) {
            throw new ParseException(lineNumber, line, "events2 line without an object");
        }
        end = tokenEnd(line, pos);
        String objectName = line.substring(pos, end);
        ObjectType object = object(objectName);
        pos = skipSpaces(line, end);

        String[] keys = new String[INITIAL_FIELDS];
        String[] values = new String[INITIAL_FIELDS];
        int size = 0;
        while (pos < n) {
            end = tokenEnd(line, pos);
            int colon = line.indexOf(':', pos);
            if (colon < 0 || colon >= end || colon == pos) {
                throw new ParseException(lineNumber, line,
                        "expected key:value, found '" + line.substring(pos, end) + "'");
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = KeyNames.intern(line, pos, colon);
            // drbdsetup events2 --diff prints old->new: the state now is the new value
            values[size] = KeyNames.value(line, afterArrow(line, colon + 1, end), end);
            size++;
            pos = skipSpaces(line, end);
        }
        if (object == ObjectType.END && size > 0) {
            throw new ParseException(lineNumber, line, "'-' must stand alone");
        }
        return new Events2Event(timestamp, action, object, objectName, keys, values, size);
    }

    /** Where the new value of {@code old->new} begins, or {@code start} when the value has no arrow. */
    private static int afterArrow(String s, int start, int end) {
        for (int i = start; i < end - 1; i++) {
            if (s.charAt(i) == '-' && s.charAt(i + 1) == '>') {
                return i + 2;
            }
        }
        return start;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String s, int i) {
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t' && s.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** {@code 2026-03-01T10:00:00.000001+01:00}: a digit, then a dash at index 4 and a T at index 10. */
    private static boolean looksLikeTimestamp(String s, int start, int end) {
        return end - start >= 19 && Character.isDigit(s.charAt(start)) && s.charAt(start + 4) == '-'
                && s.charAt(start + 10) == 'T';
    }

    private static Action action(String s, int start, int end) {
        return switch (s.substring(start, end)) {
            case "exists" -> Action.EXISTS;
            case "change" -> Action.CHANGE;
            case "create" -> Action.CREATE;
            case "destroy" -> Action.DESTROY;
            case "call" -> Action.CALL;
            case "response" -> Action.RESPONSE;
            case "rename" -> Action.RENAME;
            default -> null;
        };
    }

    private static ObjectType object(String name) {
        return switch (name) {
            case "resource" -> ObjectType.RESOURCE;
            case "connection" -> ObjectType.CONNECTION;
            case "device" -> ObjectType.DEVICE;
            case "peer-device" -> ObjectType.PEER_DEVICE;
            case "path" -> ObjectType.PATH;
            case "helper" -> ObjectType.HELPER;
            case "-" -> ObjectType.END;
            default -> ObjectType.OTHER;
        };
    }
}
