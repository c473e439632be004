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

    private KeyNames() {
    }

    static String intern(String line, int start, int end) {
        int len = end - start;
        for (String k : KNOWN) {
            if (k.length() == len && line.regionMatches(start, k, 0, len)) {
                return k;
            }
        }
        return line.substring(start, end);
    }
}
