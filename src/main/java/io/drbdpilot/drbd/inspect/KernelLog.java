// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.inspect;

import io.drbdpilot.drbd.model.GenerationIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's kernel log (dmesg, plain or with ISO times) read for one resource: the lines about it (by resource name
 * and by minor), and among them what tells a split brain's story: the sync handshake with each side's UUIDs and
 * bitmap bits, the kernel's verdict, the helper calls, role and connection changes.
 */
public final class KernelLog {

    /** What a line says, for the evidence. */
    public enum Kind {
        SPLIT_BRAIN_UNRESOLVED, SPLIT_BRAIN_AUTO_SOLVED, SPLIT_BRAIN_MANUALLY_SOLVED, UNRELATED_DATA,
        HANDSHAKE_SELF, HANDSHAKE_PEER, UUID_COMPARE, HELPER, ROLE, CONNECTION, OTHER;

        public boolean splitBrain() {
            return this == SPLIT_BRAIN_UNRESOLVED || this == SPLIT_BRAIN_AUTO_SOLVED
                    || this == SPLIT_BRAIN_MANUALLY_SOLVED;
        }
    }

    /**
     * One line: its time as the log gives it (seconds since boot, or a wall-clock time), what it says, and for a
     * handshake line the UUIDs and bitmap bits it names.
     */
    public record Line(String time, String text, Kind kind, GenerationIds uuids, Long bits) {
    }

    private static final Pattern STAMP = Pattern.compile("^\\[\\s*([0-9]+\\.[0-9]+)\\]\\s*(.*)$");
    private static final Pattern ISO = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT[0-9:,.]+[+-]\\d\\d:?\\d\\d)\\s+(.*)$");
    private static final Pattern HANDSHAKE = Pattern.compile(
            "\\b(self|peer) (\\p{XDigit}{16}(?::\\p{XDigit}{16}){3}) bits:(\\d+)");

    private KernelLog() {
    }

    /** The lines about {@code res} (named, or on one of its {@code minors}), oldest first, at most the last {@code max}. */
    public static List<Line> lines(String dmesg, String res, Set<Integer> minors, int max) {
        List<Line> out = new ArrayList<>();
        for (String raw : dmesg.lines().toList()) {
            String time = "";
            String text = raw.strip();
            Matcher m = STAMP.matcher(text);
            Matcher iso = ISO.matcher(text);
            if (m.matches()) {
                time = m.group(1);
                text = m.group(2);
            } else if (iso.matches()) {
                time = iso.group(1);
                text = iso.group(2);
            }
            if (!about(text, res, minors)) {
                continue;
            }
            Matcher h = HANDSHAKE.matcher(text);
            GenerationIds uuids = null;
            Long bits = null;
            if (h.find()) {
                uuids = GenerationIds.parseAll(h.group(2)).get(0);
                bits = Long.parseLong(h.group(3));
            }
            out.add(new Line(time, text, kind(text), uuids, bits));
        }
        return out.size() > max ? List.copyOf(out.subList(out.size() - max, out.size())) : out;
    }

    static boolean about(String text, String res, Set<Integer> minors) {
        if (text.startsWith("drbd " + res + ":") || text.startsWith("drbd " + res + "/")
                || text.startsWith("drbd " + res + " ")) {
            return true;
        }
        for (int minor : minors) {
            if (text.startsWith("block drbd" + minor + ":") || text.contains(" drbd" + minor + ":")) {
                return true;
            }
        }
        return false;
    }

    static Kind kind(String text) {
        if (text.contains("Split-Brain detected") && text.contains("automatically solved")) {
            return Kind.SPLIT_BRAIN_AUTO_SOLVED;
        }
        if (text.contains("Split-Brain detected") && text.contains("manually solved")) {
            return Kind.SPLIT_BRAIN_MANUALLY_SOLVED;
        }
        if (text.contains("Split-Brain detected")) { // "but unresolved, dropping connection!" or the guide's wording
            return Kind.SPLIT_BRAIN_UNRESOLVED;
        }
        if (text.contains("Unrelated data, aborting!")) {
            return Kind.UNRELATED_DATA;
        }
        if (text.contains(" self ") || text.matches(".*:\\s*self \\p{XDigit}.*")) {
            return Kind.HANDSHAKE_SELF;
        }
        if (text.contains(" peer ") && HANDSHAKE.matcher(text).find()) {
            return Kind.HANDSHAKE_PEER;
        }
        if (text.contains("uuid_compare()=")) {
            return Kind.UUID_COMPARE;
        }
        if (text.contains("helper command:") || text.contains("Calling helper")) {
            return Kind.HELPER;
        }
        if (text.contains("role(")) {
            return Kind.ROLE;
        }
        if (text.contains("conn(") || text.contains("connection(")) {
            return Kind.CONNECTION;
        }
        return Kind.OTHER;
    }

    /** The last split-brain verdict among {@code lines}, or null. */
    public static Line lastSplitBrain(List<Line> lines) {
        Line last = null;
        for (Line l : lines) {
            if (l.kind().splitBrain() || l.kind() == Kind.UNRELATED_DATA) {
                last = l;
            }
        }
        return last;
    }

    /** The bitmap bits this node counted at the last handshake (4 KiB each), or null. */
    public static Long lastOwnBits(List<Line> lines) {
        Long bits = null;
        for (Line l : lines) {
            if (l.kind() == Kind.HANDSHAKE_SELF && l.bits() != null) {
                bits = l.bits();
            }
        }
        return bits;
    }
}
