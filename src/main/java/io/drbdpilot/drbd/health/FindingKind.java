// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.health;

/** What a finding is about. */
public enum FindingKind {
    SPLIT_BRAIN,
    STANDALONE,
    NOT_CONNECTED,
    RESYNC_RUNNING,
    RESYNC_STALLED,
    RESYNC_NO_PROGRESS,
    DISK_DEGRADED,
    PEER_DISK_DEGRADED,
    OUT_OF_SYNC,
    IO_SUSPENDED,
    NO_QUORUM,
    FORCE_IO_FAILURES,
    DUAL_PRIMARY,
    DISCARDING_SPLIT_BRAIN_POLICY,
    TRANSIENT_STATE_STUCK,
    UNRECOGNIZED_STATE,
    /** A user-mode helper (handler) answered with a non-zero status. */
    HELPER_FAILED,
    /** Cross-node: two nodes describe their link differently. */
    VIEWS_DISAGREE,
    /** Cross-node: the resource's configuration is not the same on all nodes. */
    CONFIG_DIFFERS,
    /** Cross-node: kernel or utils versions differ, or do not fit each other. */
    VERSION_MISMATCH,
    /** A node cannot be read; its last known state is shown as stale. */
    NODE_STALE
}
