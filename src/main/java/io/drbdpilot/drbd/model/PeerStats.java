// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/** Counters of the replication to one peer for one volume (KiB). Null where not reported. */
public record PeerStats(Long receivedKiB, Long sentKiB, Long outOfSyncKiB, Long pending, Long unacked) {
}
