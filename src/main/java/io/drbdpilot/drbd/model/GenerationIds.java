// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A node's data generation identifiers for one volume (and, on DRBD 9, one peer), as {@code drbdadm get-gi} prints
 * them: the current UUID, the bitmap UUID (where the changes since the peer was last seen start), two history UUIDs
 * and the flags (consistent, was UpToDate, was Primary, …). The lowest bit of a UUID marks the node that was Primary
 * when it was made; comparisons ignore it, as the kernel does.
 */
public record GenerationIds(String current, String bitmap, String history1, String history2, List<Boolean> flags) {

    private static final Pattern LINE = Pattern.compile("^\\p{XDigit}{16}(:\\p{XDigit}{16}){3}(:[01])*$");

    public GenerationIds {
        flags = List.copyOf(flags);
    }

    /** Every get-gi line in {@code text} (DRBD 9 prints one per peer), in order; other lines are skipped. */
    public static List<GenerationIds> parseAll(String text) {
        List<GenerationIds> out = new ArrayList<>();
        for (String line : text.lines().map(String::strip).toList()) {
            if (!LINE.matcher(line).matches()) {
                continue;
            }
            String[] f = line.split(":");
            List<Boolean> flags = new ArrayList<>();
            for (int i = 4; i < f.length; i++) {
                flags.add(f[i].equals("1"));
            }
            out.add(new GenerationIds(f[0].toUpperCase(), f[1].toUpperCase(), f[2].toUpperCase(),
                    f[3].toUpperCase(), flags));
        }
        return out;
    }

    /** The UUID without the Primary bit, as the kernel compares it; "0" stays "0". */
    public static String base(String uuid) {
        if (uuid == null || uuid.isEmpty()) {
            return "";
        }
        long v = Long.parseUnsignedLong(uuid, 16) & ~1L;
        return String.format("%016X", v);
    }

    private static boolean zero(String uuid) {
        return base(uuid).equals("0000000000000000");
    }

    /** The data consistency flag. */
    public boolean consistent() {
        return !flags.isEmpty() && flags.get(0);
    }

    /** Data was or is UpToDate. */
    public boolean wasUpToDate() {
        return flags.size() > 1 && flags.get(1);
    }

    /** The node was or is Primary. */
    public boolean wasPrimary() {
        return flags.size() > 2 && flags.get(2);
    }

    /** How two nodes' generations relate, in the operator's words. */
    public enum Relation {
        /** The same current generation: nothing diverged. */
        SAME("the same data generation: nothing diverged"),
        /** This side has newer data, the other is behind (a normal resync from this side). */
        AHEAD("this side is newer: the other only missed changes (a normal resync, no split brain)"),
        /** The other side has newer data. */
        BEHIND("the other side is newer: this side only missed changes (a normal resync, no split brain)"),
        /** Both started new generations from the same point: both wrote while apart. */
        DIVERGED("bitmap UUIDs match, current UUIDs differ: both sides wrote while apart (split brain)"),
        /** Nothing in common: not a split brain but unrelated data. */
        UNRELATED("nothing matches: unrelated data (not a split brain; the metadata may have been recreated)");

        private final String words;

        Relation(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** How this side's generations relate to the peer's (the kernel's uuid_compare, reduced to what a person needs). */
    public Relation relationTo(GenerationIds peer) {
        String c = base(current);
        String pc = base(peer.current);
        if (c.equals(pc)) {
            return Relation.SAME;
        }
        if (!zero(bitmap) && base(bitmap).equals(pc) || base(history1).equals(pc) || base(history2).equals(pc)) {
            return Relation.AHEAD;
        }
        if (!zero(peer.bitmap) && base(peer.bitmap).equals(c) || base(peer.history1).equals(c)
                || base(peer.history2).equals(c)) {
            return Relation.BEHIND;
        }
        String b = base(bitmap);
        String pb = base(peer.bitmap);
        if (!zero(bitmap) && (b.equals(pb) || b.equals(base(peer.history1)) || pb.equals(base(history1)))
                || !zero(history1) && base(history1).equals(base(peer.history1))) {
            return Relation.DIVERGED;
        }
        return Relation.UNRELATED;
    }

    /** As get-gi prints it. */
    public String text() {
        StringBuilder sb = new StringBuilder(current + ":" + bitmap + ":" + history1 + ":" + history2);
        flags.forEach(f -> sb.append(f ? ":1" : ":0"));
        return sb.toString();
    }
}
