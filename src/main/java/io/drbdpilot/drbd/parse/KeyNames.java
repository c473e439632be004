// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

/**
 * Shares one String instance per well-known events2 key, so a long stream does not allocate the same key again for
 * every line, and field lookups mostly compare identical instances.
 */
final class KeyNames {

    private static final String[] KNOWN = {
        "name", "role", "suspended", "write-ordering", "peer-node-id", "conn-name", "connection", "congested",
        "volume", "minor", "disk", "size", "read", "written", "al-writes", "bm-writes", "upper-pending",
        "lower-pending", "al-suspended", "blocked", "replication", "peer-disk", "resync-suspended", "received",
        "sent", "out-of-sync", "pending", "unacked", "client", "open", "quorum", "backing_dev", "peer-client",
        "done", "local", "peer", "established", "helper", "status", "new_name", "force-io-failures",
        "may_promote", "promotion_score", "eta", "dbdt", "want", "rs-total", "ap-in-flight", "rs-in-flight"};

    /** The known keys by their hash, open addressing (a scan of fifty keys per field cost more than its parse). */
    private static final String[] TABLE = new String[256];

    static {
        for (String k : KNOWN) {
            int slot = slot(hash(k, 0, k.length()));
            while (TABLE[slot] != null) {
                slot = (slot + 1) & (TABLE.length - 1);
            }
            TABLE[slot] = k;
        }
    }

    private KeyNames() {
    }

    static String intern(String line, int start, int end) {
        int len = end - start;
        for (int slot = slot(hash(line, start, end)); TABLE[slot] != null; slot = (slot + 1) & (TABLE.length - 1)) {
            String k = TABLE[slot];
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

    private static int slot(int hash) {
        return (hash ^ hash >>> 8) & (TABLE.length - 1);
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
