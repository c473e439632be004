// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ConnState84;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.DrbdName;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Shares one String instance per well-known events2 key, and per well-known value (DRBD's state names, yes and no,
 * small counters), so a long stream does not allocate the same text again for every line (at 200 nodes of 1000
 * resources, the values' copies were half a gigabyte of the monitor's start), and field lookups mostly compare
 * identical instances. Anything else comes back as a new string. Immutable after its class is initialised, so
 * thread-safe.
 */
final class KeyNames {

    private static final String[] KNOWN = {
        "name", "role", "suspended", "write-ordering", "peer-node-id", "conn-name", "connection", "congested",
        "volume", "minor", "disk", "size", "read", "written", "al-writes", "bm-writes", "upper-pending",
        "lower-pending", "al-suspended", "blocked", "replication", "peer-disk", "resync-suspended", "received",
        "sent", "out-of-sync", "pending", "unacked", "client", "open", "quorum", "backing_dev", "peer-client",
        "done", "local", "peer", "established", "helper", "status", "new_name", "force-io-failures",
        "may_promote", "promotion_score", "eta", "dbdt", "want", "rs-total", "ap-in-flight", "rs-in-flight"};

    /** The keys by their hash, open addressing (a scan of fifty keys per field cost more than its parse). */
    private static final String[] KEYS = table(List.of(KNOWN), 256);
    /** The values most fields hold: every state's name, yes/no and the words beside them, numbers up to 99. */
    private static final List<String> VALUE_WORDS = values();
    private static final String[] VALUES = table(VALUE_WORDS, 1024);
    private static final int LONGEST_VALUE = VALUE_WORDS.stream().mapToInt(String::length).max().orElseThrow();

    private KeyNames() {
    }

    /** The key between start and end of the line: its one instance when it is known, else a new string. */
    static String intern(String line, int start, int end) {
        return find(KEYS, line, start, end);
    }

    /** The same for a field's value. */
    static String value(String line, int start, int end) {
        int len = end - start;
        // most values that are not known are counters and names: copied without hashing them first
        if (len > LONGEST_VALUE || len > 2 && Character.isDigit(line.charAt(start))) {
            return line.substring(start, end);
        }
        return find(VALUES, line, start, end);
    }

    private static List<String> values() {
        List<String> v = new ArrayList<>(List.of("yes", "no", "none", "flush", "drain", "disk-barrier",
                "bdev-flush", "quorum", "user", "peer", "user,peer", "Unknown", "DUnknown", "Off", "r----",
                "r-----"));
        List<DrbdName[]> states = List.of(Role.values(), DiskState.values(), ReplicationState.values(),
                CState.values(), ConnState84.values());
        for (DrbdName[] names : states) {
            for (DrbdName n : names) {
                if (!v.contains(n.drbdName())) {
                    v.add(n.drbdName());
                }
            }
        }
        for (int i = 0; i < 100; i++) {
            v.add(Integer.toString(i));
        }
        return v;
    }

    private static String[] table(List<String> words, int size) {
        if (words.size() * 2 > size) {
            throw new IllegalStateException("table too small for " + words.size() + " words");
        }
        String[] table = new String[size];
        for (String k : words) {
            int slot = slot(hash(k, 0, k.length()), size);
            while (table[slot] != null) {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = k;
        }
        return table;
    }

    private static String find(String[] table, String line, int start, int end) {
        int len = end - start;
        int mask = table.length - 1;
        for (int slot = slot(hash(line, start, end), table.length); table[slot] != null; slot = (slot + 1) & mask) {
            String k = table[slot];
            if (k.length() == len && same(k, line, start)) {
                return k;
            }
        }
        return line.substring(start, end);
    }

    private static int hash(String s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    private static int slot(int hash, int size) {
        return (hash ^ hash >>> 8) & (size - 1);
    }

    private static boolean same(String k, String line, int start) {
        for (int i = 0; i < k.length(); i++) {
            if (k.charAt(i) != line.charAt(start + i)) {
                return false;
            }
        }
        return true;
    }
}
