// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import java.util.List;

/** A cluster: a name and its nodes. */
public record ClusterSettings(String name, List<NodeSettings> nodes) {

    public ClusterSettings {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
}
