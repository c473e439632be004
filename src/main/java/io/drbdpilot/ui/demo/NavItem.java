// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.demo;

import io.drbdpilot.drbd.health.Severity;

/**
 * An entry of the navigator: a cluster, a node or a resource on a node, with its status badge.
 *
 * @param badge null for OK; {@code STALE} (no severity) is expressed by {@code stale}
 */
public record NavItem(Kind kind, String node, String resource, String label, Severity badge, boolean stale) {

    /** What the entry is. */
    public enum Kind { CLUSTER, NODE, RESOURCE }

    public String key() {
        return kind + "/" + node + "/" + resource;
    }

    /** The CSS class of the badge: ok, warning, danger or stale. */
    public String badgeClass() {
        if (stale) {
            return "badge-stale";
        }
        if (badge == null || badge == Severity.INFO) {
            return "badge-ok";
        }
        return badge == Severity.DANGER ? "badge-danger" : "badge-warning";
    }
}
