// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.health.Severity;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** One immutable, consistent picture of a cluster: every node's view and every finding, as of {@code at}. */
public record ClusterSnapshot(String cluster, Instant at, List<NodeView> nodes, List<ClusterFinding> findings) {

    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        findings = List.copyOf(findings);
    }

    public Optional<NodeView> node(String name) {
        return nodes.stream().filter(n -> n.node().equals(name)).findFirst();
    }

    public Optional<Severity> worst() {
        return findings.stream().map(f -> f.finding().severity()).max(Comparator.naturalOrder());
    }
}
