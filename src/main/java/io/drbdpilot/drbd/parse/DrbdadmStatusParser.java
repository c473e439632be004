// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses the text of {@code drbdadm status} and {@code drbdsetup status [--verbose --statistics]}, DRBD 8.4 and 9
 * styles: a resource line (with {@code node-id:} in 9's verbose form) at column 0, devices and peers indented by 2, peer devices by 4, and
 * continuation lines indented deeper. Used as a fallback where events2 is not available.
 */
public final class DrbdadmStatusParser {

    private DrbdadmStatusParser() {
    }

    public static ParseResult<List<ResourceState>> parse(String text) throws ParseException {
        if (text == null || text.isBlank()) {
            throw new ParseException(0, "", "empty input: no status output");
        }
        Lines lines = Lines.of(text);
        List<RawResource> resources = new ArrayList<>();
        List<ParseWarning> warnings = new ArrayList<>();
        RawResource res = null;
        RawResource.RawConnection conn = null;
        Map<String, String> last = null;
        boolean inPeerDevice = false;
        for (int i = 0; i < lines.lines().size(); i++) {
            String line = lines.lines().get(i);
            int n = i + 1;
            if (line.isBlank()) {
                continue;
            }
            try {
                int indent = indent(line);
                String[] tokens = line.strip().split("\\s+");
                if (indent == 0) {
                    if (tokens[0].contains(":")) {
                        throw new ParseException(n, line, "expected a resource name at the start of the line");
                    }
                    inPeerDevice = false;
                    res = new RawResource(tokens[0]);
                    resources.add(res);
                    conn = null;
                    last = res.fields;
                    put(last, tokens, 1, n, line);
                } else if (res == null) {
                    throw new ParseException(n, line, "indented line before any resource");
                } else if (indent <= 2) {
                    if (tokens[0].contains(":")) {
                        Integer vol = tokens[0].startsWith("volume:")
                                ? ModelAssembler.integer(tokens[0].substring(7)) : Integer.valueOf(0);
                        if (vol == null) {
                            throw new ParseException(n, line, "bad volume number");
                        }
                        conn = null;
                        inPeerDevice = false;
                        last = res.device(vol);
                        put(last, tokens, tokens[0].startsWith("volume:") ? 1 : 0, n, line);
                    } else {
                        conn = res.connection(null, tokens[0]);
                        inPeerDevice = false;
                        last = conn.fields;
                        put(last, tokens, 1, n, line);
                    }
                } else if (conn != null && indent <= 4 && startsPeerDevice(tokens)) {
                    Integer vol = tokens[0].startsWith("volume:")
                            ? ModelAssembler.integer(tokens[0].substring(7)) : Integer.valueOf(0);
                    if (vol == null) {
                        throw new ParseException(n, line, "bad volume number");
                    }
                    last = conn.peerDevice(vol);
                    inPeerDevice = true;
                    put(last, tokens, tokens[0].startsWith("volume:") ? 1 : 0, n, line);
                } else {
                    put(last, tokens, 0, n, line); // continuation of the object above
                }
                if (inPeerDevice && last != null && last.containsKey("disk")) {
                    // older drbd-utils name the peer's disk "disk:" under the peer: it is not the local disk
                    last.putIfAbsent("peer-disk", last.get("disk"));
                    last.remove("disk");
                }
            } catch (ParseException e) {
                if (lines.isCut(i)) {
                    warnings.add(new ParseWarning(n, line, "input ends in the middle of a line; it was skipped"));
                } else {
                    throw e;
                }
            }
        }
        for (RawResource r : resources) {
            for (RawResource.RawConnection c : r.connections.values()) {
                for (Map<String, String> p : c.peerDevices.values()) {
                    String repl = p.getOrDefault("replication", "");
                    if (repl.startsWith("Verify") && p.remove("done") != null) {
                        // 8.4's drbdadm status says done:100.00 through a whole verify: no progress is better
                        warnings.add(new ParseWarning(0, "", "the progress of the online verify of " + r.name
                                + " is not known from this output (drbdadm status reports done:100.00 "
                                + "throughout); /proc/drbd has it"));
                    }
                }
            }
        }
        List<ResourceState> out = new ArrayList<>();
        for (RawResource r : resources) {
            out.add(ModelAssembler.resource(r));
        }
        return new ParseResult<>(List.copyOf(out), warnings);
    }

    private static boolean startsPeerDevice(String[] tokens) {
        String t = tokens[0];
        // older drbd-utils give the peer's disk as "disk:" on its own line under the peer
        return t.startsWith("volume:") || t.startsWith("replication:") || t.startsWith("peer-disk:")
                || t.startsWith("disk:");
    }

    private static void put(Map<String, String> into, String[] tokens, int from, int n, String line)
            throws ParseException {
        for (int i = from; i < tokens.length; i++) {
            String t = tokens[i];
            int c = t.indexOf(':');
            if (c <= 0) {
                throw new ParseException(n, line, "expected key:value, found '" + t + "'");
            }
            String key = t.substring(0, c);
            // drbdadm status prints the peer's role as role: on the peer line; events2 calls it role too.
            into.put(key.equals("connection-state") ? "connection" : key, t.substring(c + 1));
        }
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i += line.charAt(i) == '\t' ? 4 : 1;
        }
        return i;
    }
}
