// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.model.HelperEvent;
import io.drbdpilot.drbd.model.KernelVersion;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.UtilsVersion;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one node says, as of {@code observedAt}. A STALE view keeps the last known state and says since when it is
 * stale: it is never presented as current.
 *
 * @param drbdHost the node's own name ({@code uname -n}), as the DRBD configuration names it
 * @param ready     the initial events2 dump is complete (or the first /proc/drbd reading arrived)
 * @param readMode how the node is read, or null before its versions are known
 * @param byName    the same resources by name, built once per view for everyone who looks one up (cross-node checks,
 *                  the history, the UI): nodes have thousands
 * @param resyncing whether some resource resyncs or verifies, found once per view ({@link #resyncRuns()})
 */
public record NodeView(String node, String drbdHost, Freshness freshness, Instant since, String reason,
        KernelVersion kernel, UtilsVersion utils, DrbdConfig config, List<ResourceState> resources,
        List<HelperEvent> helperEvents, Map<String, OffsetDateTime> replicationSince, Instant observedAt,
        boolean ready, ReadMode readMode,
        @JsonIgnore Map<String, ResourceState> byName, @JsonIgnore boolean resyncing) {

    /** How current a view is. */
    public enum Freshness { CONNECTING, LIVE, STALE }

    public NodeView {
        resources = List.copyOf(resources);
        helperEvents = List.copyOf(helperEvents);
        replicationSince = Map.copyOf(replicationSince);
        Map<String, ResourceState> m = new HashMap<>();
        boolean any = false;
        for (ResourceState r : resources) {
            m.putIfAbsent(r.name(), r);
            any = any || r.resyncRuns();
        }
        byName = Collections.unmodifiableMap(m);
        resyncing = any;
    }

    public NodeView(String node, String drbdHost, Freshness freshness, Instant since, String reason,
            KernelVersion kernel, UtilsVersion utils, DrbdConfig config, List<ResourceState> resources,
            List<HelperEvent> helperEvents, Map<String, OffsetDateTime> replicationSince, Instant observedAt,
            boolean ready, ReadMode readMode) {
        this(node, drbdHost, freshness, since, reason, kernel, utils, config, resources, helperEvents,
                replicationSince, observedAt, ready, readMode, Map.of(), false);
    }

    /**
     * Some resource of this node resyncs or verifies: found once when the view is built (each node's monitor asks every
     * second, and a node has thousands of resources).
     */
    public boolean resyncRuns() {
        return resyncing;
    }

    /** The resource of that name on this node, if it has it. */
    public Optional<ResourceState> resource(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean isLive() {
        return freshness == Freshness.LIVE;
    }
}
