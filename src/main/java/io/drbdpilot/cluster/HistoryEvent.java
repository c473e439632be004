// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import java.time.Instant;
import java.util.Locale;

/**
 * One change in a cluster's timeline: what ({@code key}, e.g. {@code alpha r0 connection to peer}) changed from what
 * to what, and when. {@code from} is null for something new, {@code to} is null for something gone.
 */
public record HistoryEvent(Instant at, String node, String key, String from, String to) {

    /** The resource the change is about, or null for a node's own state or a cluster-wide finding. */
    public String resource() {
        String[] t = key.split(" ");
        if (key.startsWith("finding ")) {
            return t.length >= 4 && !t[t.length - 1].equals("null") ? t[t.length - 1] : null;
        }
        return t.length >= 2 ? t[1].split("/")[0] : null;
    }

    /**
     * For the timeline's filter: the node is {@code onNode} (null for any), and the resource name contains
     * {@code resourceText} (case-insensitive; blank for any).
     */
    public boolean matches(String onNode, String resourceText) {
        if (onNode != null && !onNode.equals(node)) {
            return false;
        }
        if (resourceText == null || resourceText.isBlank()) {
            return true;
        }
        String r = resource();
        return r != null && r.toLowerCase(Locale.ROOT).contains(resourceText.strip()
                .toLowerCase(Locale.ROOT));
    }
}
