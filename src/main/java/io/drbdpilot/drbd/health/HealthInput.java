// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.health;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.model.HelperEvent;
import io.drbdpilot.drbd.model.ResourceState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one node tells us, for {@link HealthCheck}.
 *
 * @param helperEvents          helper calls seen (events2 {@code call helper}, kernel log)
 * @param splitBrainResources   resources whose kernel log says {@code Split-Brain detected}
 * @param config                the node's configuration, or null when not known
 * @param replicationSince      when each peer device's replication state began ({@code resource/peer-id/volume})
 * @param resyncUnchangedSince  since when each running resync has shown no progress, same keys
 * @param now                   the time to judge ages against
 */
public record HealthInput(List<ResourceState> resources, List<HelperEvent> helperEvents,
        Set<String> splitBrainResources, DrbdConfig config, Map<String, OffsetDateTime> replicationSince,
        Map<String, Instant> resyncUnchangedSince, Instant now) {

    public HealthInput {
        resources = List.copyOf(resources);
        helperEvents = List.copyOf(helperEvents);
        splitBrainResources = Set.copyOf(splitBrainResources);
        replicationSince = Map.copyOf(replicationSince);
        resyncUnchangedSince = Map.copyOf(resyncUnchangedSince);
    }

    public static HealthInput of(List<ResourceState> resources, Instant now) {
        return new HealthInput(resources, List.of(), Set.of(), null, Map.of(), Map.of(), now);
    }
}
