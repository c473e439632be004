// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.StateWords;

/**
 * An entry of the navigator: a cluster, a node or a resource on a node, with its status badge.
 *
 * @param badge    null for OK; {@code STALE} (no severity) is expressed by {@code stale}
 * @param progress a cluster's connecting progress (0..1), or -1 when it is not connecting
 * @param note     what else the tooltip says (a resource's configuration drift), or null
 */
public record NavItem(Kind kind, String cluster, String node, String resource, String label, Severity badge,
        boolean stale, double progress, String note) {

    public NavItem(Kind kind, String cluster, String node, String resource, String label, Severity badge,
            boolean stale, double progress) {
        this(kind, cluster, node, resource, label, badge, stale, progress, null);
    }

    /** What the entry is; MORE stands for entries left out of a long list. */
    public enum Kind { CLUSTER, NODE, RESOURCE, MORE }

    public String key() {
        return kind + "/" + cluster + "/" + node + "/" + resource;
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

    /** What the badge means, for tooltips and screen readers. */
    public String badgeText() {
        if (stale) {
            return "stale: the node cannot be reached; this is its last known state";
        }
        if (badge == null || badge == Severity.INFO) {
            return "OK";
        }
        return badge == Severity.DANGER ? "danger: act now" : "warning: needs attention";
    }

    /** A resource's state in a few words, in its node's words: "Primary · UpToDate · WFConnection" on 8.4. */
    public static String summary(NodeView n, ResourceState r) {
        boolean v84 = StateWords.speaks84(n.kernel());
        String disk = r.devices().isEmpty() ? "down" : r.devices().get(0).disk().raw();
        String conn = r.connections().stream().filter(c -> !c.connection().is(CState.CONNECTED))
                .map(c -> StateWords.connection(c, v84)).findFirst().map(x -> " · " + x).orElse("");
        String sync = r.resyncRuns() ? " · syncing" : "";
        return r.role().raw() + " · " + disk + conn + sync;
    }
}
