// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import java.time.Instant;

/**
 * One change in a cluster's timeline: what ({@code key}, e.g. {@code alpha r0 connection to peer}) changed from what
 * to what, and when. {@code from} is null for something new, {@code to} is null for something gone.
 */
public record HistoryEvent(Instant at, String node, String key, String from, String to) {
}
