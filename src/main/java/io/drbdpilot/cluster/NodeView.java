// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.model.HelperEvent;
import io.drbdpilot.drbd.model.KernelVersion;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.UtilsVersion;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What one node says, as of {@code observedAt}. A STALE view keeps the last known state and says since when it is
 * stale: it is never presented as current.
 *
 * @param drbdHost the node's own name ({@code uname -n}), as the DRBD configuration names it
 * @param ready     the initial events2 dump is complete (or the first /proc/drbd reading arrived)
 * @param collector how the node is read, or null before its versions are known
 */
public record NodeView(String node, String drbdHost, Freshness freshness, Instant since, String reason,
        KernelVersion kernel, UtilsVersion utils, DrbdConfig config, List<ResourceState> resources,
        List<HelperEvent> helperEvents, Map<String, OffsetDateTime> replicationSince, Instant observedAt,
        boolean ready, Collector collector) {

    /** How current a view is. */
    public enum Freshness { CONNECTING, LIVE, STALE }

    public NodeView {
        resources = List.copyOf(resources);
        helperEvents = List.copyOf(helperEvents);
        replicationSince = Map.copyOf(replicationSince);
    }

    public boolean isLive() {
        return freshness == Freshness.LIVE;
    }
}
