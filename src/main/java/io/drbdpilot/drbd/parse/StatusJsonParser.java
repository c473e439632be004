// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.drbd.model.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code drbdsetup status --json} (DRBD 9 kernels). Every field is optional; the keys are renamed to events2's
 * so one assembler builds the model. Keys with spaces and slashes, like {@code "db/dt [MiB/s]"}, are real.
 */
public final class StatusJsonParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> RENAME = Map.ofEntries(
            Map.entry("disk-state", "disk"),
            Map.entry("connection-state", "connection"),
            Map.entry("peer-role", "role"),
            Map.entry("replication-state", "replication"),
            Map.entry("peer-disk-state", "peer-disk"),
            Map.entry("percent-resync-done", "done"),
            Map.entry("estimated-seconds-to-finish", "eta"),
            Map.entry("db/dt [MiB/s]", "dbdt"),
            Map.entry("may-promote", "may_promote"),
            Map.entry("promotion-score", "promotion_score"));

    private StatusJsonParser() {
    }

    public static ParseResult<List<ResourceState>> parse(String json) throws ParseException {
        if (json == null || json.isBlank()) {
            throw new ParseException(0, "", "empty input: no status JSON");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr();
            throw new ParseException(line, Lines.lineAt(json, line), "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !(root.isArray() || root.isObject())) {
            throw new ParseException(1, Lines.lineAt(json, 1), "expected a JSON array of resources");
        }
        List<ResourceState> out = new ArrayList<>();
        List<ParseWarning> warnings = new ArrayList<>();
        for (JsonNode r : root.isArray() ? root : List.of(root)) {
            if (!r.isObject() || !r.path("name").isTextual()) {
                warnings.add(new ParseWarning(0, String.valueOf(r), "a resource without a name was skipped"));
                continue;
            }
            out.add(ModelAssembler.resource(resource(r)));
        }
        return new ParseResult<>(List.copyOf(out), warnings);
    }

    private static RawResource resource(JsonNode r) {
        RawResource raw = new RawResource(r.get("name").asText());
        scalars(r, raw.fields);
        List<String> suspended = new ArrayList<>();
        for (String why : List.of("user", "no-data", "fencing", "quorum")) {
            if (r.path("suspended-" + why).asBoolean(false)) {
                suspended.add(why);
            }
        }
        if (!suspended.isEmpty()) {
            raw.fields.put("suspended", String.join(",", suspended));
        } else if (r.has("suspended")) {
            raw.fields.put("suspended", r.path("suspended").asBoolean(false) ? "user" : "no");
        }
        for (JsonNode d : r.path("devices")) {
            int vol = d.path("volume").asInt(0);
            scalars(d, raw.device(vol));
        }
        for (JsonNode c : r.path("connections")) {
            String id = c.has("peer-node-id") ? c.get("peer-node-id").asText() : null;
            RawResource.RawConnection conn = raw.connection(id, c.path("name").asText(null));
            scalars(c, conn.fields);
            conn.fields.remove("name");
            if (c.has("name")) {
                conn.fields.put("conn-name", c.get("name").asText());
            }
            for (JsonNode p : c.path("paths")) {
                String local = address(p.path("this_host"));
                String peer = address(p.path("remote_host"));
                Map<String, String> path = conn.paths.computeIfAbsent(new RawResource.PathKey(local, peer), k -> new Fields());
                path.put("local", local);
                path.put("peer", peer);
                if (p.has("established")) {
                    path.put("established", p.get("established").asBoolean() ? "yes" : "no");
                }
            }
            for (JsonNode pd : c.path("peer_devices")) {
                scalars(pd, conn.peerDevice(pd.path("volume").asInt(0)));
            }
        }
        return raw;
    }

    private static String address(JsonNode h) {
        return h.path("family").asText("ipv4") + ":" + h.path("address").asText("?") + ":" + h.path("port").asText("?");
    }

    private static void scalars(JsonNode obj, Map<String, String> into) {
        obj.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull()) {
                String key = RENAME.getOrDefault(e.getKey(), e.getKey());
                String value = v.isBoolean() ? (v.booleanValue() ? "yes" : "no") : v.asText();
                if (!key.equals("suspended")) {
                    into.put(key, value);
                }
            }
        });
    }

}
