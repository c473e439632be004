// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/**
 * DRBD 8.x's single connection state ({@code cs:}), which encodes both the link and the replication. Everything
 * before {@code Connected} has no link; everything after is connected and doing something. The rest of the app sees
 * DRBD 9's split, through {@link #connection()} and {@link #replication()} (docs/drbd-reference.md §b.2).
 */
public enum ConnState84 implements DrbdName {
    STANDALONE("StandAlone", CState.STANDALONE, null),
    DISCONNECTING("Disconnecting", CState.DISCONNECTING, null),
    UNCONNECTED("Unconnected", CState.UNCONNECTED, null),
    TIMEOUT("Timeout", CState.TIMEOUT, null),
    BROKEN_PIPE("BrokenPipe", CState.BROKEN_PIPE, null),
    NETWORK_FAILURE("NetworkFailure", CState.NETWORK_FAILURE, null),
    PROTOCOL_ERROR("ProtocolError", CState.PROTOCOL_ERROR, null),
    WF_CONNECTION("WFConnection", CState.CONNECTING, null),
    WF_REPORT_PARAMS("WFReportParams", CState.CONNECTING, null),
    TEAR_DOWN("TearDown", CState.TEAR_DOWN, null),
    CONNECTED("Connected", CState.CONNECTED, ReplicationState.ESTABLISHED),
    STARTING_SYNC_S("StartingSyncS", CState.CONNECTED, ReplicationState.STARTING_SYNC_S),
    STARTING_SYNC_T("StartingSyncT", CState.CONNECTED, ReplicationState.STARTING_SYNC_T),
    WF_BITMAP_S("WFBitMapS", CState.CONNECTED, ReplicationState.WF_BITMAP_S),
    WF_BITMAP_T("WFBitMapT", CState.CONNECTED, ReplicationState.WF_BITMAP_T),
    WF_SYNC_UUID("WFSyncUUID", CState.CONNECTED, ReplicationState.WF_SYNC_UUID),
    SYNC_SOURCE("SyncSource", CState.CONNECTED, ReplicationState.SYNC_SOURCE),
    SYNC_TARGET("SyncTarget", CState.CONNECTED, ReplicationState.SYNC_TARGET),
    PAUSED_SYNC_S("PausedSyncS", CState.CONNECTED, ReplicationState.PAUSED_SYNC_S),
    PAUSED_SYNC_T("PausedSyncT", CState.CONNECTED, ReplicationState.PAUSED_SYNC_T),
    VERIFY_S("VerifyS", CState.CONNECTED, ReplicationState.VERIFY_S),
    VERIFY_T("VerifyT", CState.CONNECTED, ReplicationState.VERIFY_T),
    AHEAD("Ahead", CState.CONNECTED, ReplicationState.AHEAD),
    BEHIND("Behind", CState.CONNECTED, ReplicationState.BEHIND),
    /** A /proc-only pseudo state: the minor exists but is StandAlone, Diskless and Secondary. */
    UNCONFIGURED("Unconfigured", CState.STANDALONE, null),
    UNRECOGNIZED("?", CState.UNRECOGNIZED, ReplicationState.UNRECOGNIZED);

    private final String drbdName;
    private final CState connection;
    private final ReplicationState replication;

    ConnState84(String drbdName, CState connection, ReplicationState replication) {
        this.drbdName = drbdName;
        this.connection = connection;
        this.replication = replication == null ? ReplicationState.OFF : replication;
    }

    @Override
    public String drbdName() {
        return drbdName;
    }

    /** DRBD 9's connection state for this 8.4 state. */
    public CState connection() {
        return connection;
    }

    /** DRBD 9's replication state for this 8.4 state ({@code Off} while there is no link). */
    public ReplicationState replication() {
        return replication;
    }

    public static ConnState84 parse(String text) {
        return DrbdNames.lookup(ConnState84.class, text);
    }
}
