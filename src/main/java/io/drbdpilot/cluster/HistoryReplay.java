// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.drbd.parse.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads an exported history (JSON lines) back: the events, and the state and findings they lead to. */
public final class HistoryReplay {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The replayed history: events in order, and the findings still active after the last one. */
    public record Result(List<HistoryEvent> events, Map<String, String> finalState, List<String> activeFindings) {
    }

    private HistoryReplay() {
    }

    public static boolean looksLikeHistory(String text) {
        return text != null && text.stripLeading().startsWith("{\"at\":");
    }

    public static Result replay(String text) throws ParseException {
        List<HistoryEvent> events = new ArrayList<>();
        Map<String, String> state = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                if (n == null || !n.isObject() || !n.path("key").isTextual() || !n.path("at").isTextual()) {
                    throw new ParseException(i + 1, line, "not a history event (needs \"at\" and \"key\")");
                }
                HistoryEvent e = new HistoryEvent(Instant.parse(n.get("at").asText()), n.path("node").asText(null),
                        n.get("key").asText(), n.path("from").isNull() ? null : n.path("from").asText(null),
                        n.path("to").isNull() ? null : n.path("to").asText(null));
                events.add(e);
                if (e.to() == null) {
                    state.remove(e.key());
                } else {
                    state.put(e.key(), e.to());
                }
            } catch (JsonProcessingException | DateTimeParseException e) {
                throw new ParseException(i + 1, line, "not a history event (" + e.getMessage() + ")");
            }
        }
        List<String> active = state.entrySet().stream().filter(e -> e.getKey().startsWith("finding "))
                .map(e -> e.getKey().substring(8) + ": " + e.getValue()).toList();
        return new Result(List.copyOf(events), Map.copyOf(state), active);
    }
}
