// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.health.Finding;

/** A finding and the node it was seen on; node is null for findings about several nodes at once. */
public record ClusterFinding(String node, Finding finding) {
}
