// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/** DRBD 9's per-peer, per-volume replication state. DRBD 8.4's {@code cs:} maps onto it with {@link ConnState84#replication()}. */
public enum ReplicationState implements DrbdName {
    OFF("Off"),
    ESTABLISHED("Established"),
    STARTING_SYNC_S("StartingSyncS"),
    STARTING_SYNC_T("StartingSyncT"),
    WF_BITMAP_S("WFBitMapS"),
    WF_BITMAP_T("WFBitMapT"),
    WF_SYNC_UUID("WFSyncUUID"),
    SYNC_SOURCE("SyncSource"),
    SYNC_TARGET("SyncTarget"),
    VERIFY_S("VerifyS"),
    VERIFY_T("VerifyT"),
    PAUSED_SYNC_S("PausedSyncS"),
    PAUSED_SYNC_T("PausedSyncT"),
    AHEAD("Ahead"),
    BEHIND("Behind"),
    /** A value this version does not know; the raw text is kept in {@link Reported#raw()}. */
    UNRECOGNIZED("?");

    private final String drbdName;

    ReplicationState(String drbdName) {
        this.drbdName = drbdName;
    }

    @Override
    public String drbdName() {
        return drbdName;
    }

    /** The constant for DRBD's spelling, or {@link #UNRECOGNIZED}. */
    public static ReplicationState parse(String text) {
        return DrbdNames.lookup(ReplicationState.class, text);
    }

    /** A handshake state that should last a moment; one that persists means something is stuck. */
    public boolean isTransient() {
        return switch (this) {
            case STARTING_SYNC_S, STARTING_SYNC_T, WF_BITMAP_S, WF_BITMAP_T, WF_SYNC_UUID -> true;
            default -> false;
        };
    }

    /** A resync is running or paused (data is being, or waits to be, copied). */
    public boolean isResync() {
        return switch (this) {
            case SYNC_SOURCE, SYNC_TARGET, PAUSED_SYNC_S, PAUSED_SYNC_T -> true;
            default -> false;
        };
    }

    public boolean isVerify() {
        return this == VERIFY_S || this == VERIFY_T;
    }
}
