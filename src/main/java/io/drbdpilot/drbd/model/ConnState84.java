// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/**
 * DRBD 8.x's single connection state ({@code cs:}), which encodes both the link and the replication. Everything
 * before {@code Connected} has no link; everything after is connected and doing something. The rest of the app sees
 * DRBD 9's split, through {@link #connection()} and {@link #replication()} (docs/drbd-reference.md §b.2).
 */
public enum ConnState84 implements DrbdName {
    STANDALONE("StandAlone", ConnectionStatus.STANDALONE, null),
    DISCONNECTING("Disconnecting", ConnectionStatus.DISCONNECTING, null),
    UNCONNECTED("Unconnected", ConnectionStatus.UNCONNECTED, null),
    TIMEOUT("Timeout", ConnectionStatus.TIMEOUT, null),
    BROKEN_PIPE("BrokenPipe", ConnectionStatus.BROKEN_PIPE, null),
    NETWORK_FAILURE("NetworkFailure", ConnectionStatus.NETWORK_FAILURE, null),
    PROTOCOL_ERROR("ProtocolError", ConnectionStatus.PROTOCOL_ERROR, null),
    WF_CONNECTION("WFConnection", ConnectionStatus.CONNECTING, null),
    WF_REPORT_PARAMS("WFReportParams", ConnectionStatus.CONNECTING, null),
    TEAR_DOWN("TearDown", ConnectionStatus.TEAR_DOWN, null),
    CONNECTED("Connected", ConnectionStatus.CONNECTED, ReplicationState.ESTABLISHED),
    STARTING_SYNC_S("StartingSyncS", ConnectionStatus.CONNECTED, ReplicationState.STARTING_SYNC_S),
    STARTING_SYNC_T("StartingSyncT", ConnectionStatus.CONNECTED, ReplicationState.STARTING_SYNC_T),
    WF_BITMAP_S("WFBitMapS", ConnectionStatus.CONNECTED, ReplicationState.WF_BITMAP_S),
    WF_BITMAP_T("WFBitMapT", ConnectionStatus.CONNECTED, ReplicationState.WF_BITMAP_T),
    WF_SYNC_UUID("WFSyncUUID", ConnectionStatus.CONNECTED, ReplicationState.WF_SYNC_UUID),
    SYNC_SOURCE("SyncSource", ConnectionStatus.CONNECTED, ReplicationState.SYNC_SOURCE),
    SYNC_TARGET("SyncTarget", ConnectionStatus.CONNECTED, ReplicationState.SYNC_TARGET),
    PAUSED_SYNC_S("PausedSyncS", ConnectionStatus.CONNECTED, ReplicationState.PAUSED_SYNC_S),
    PAUSED_SYNC_T("PausedSyncT", ConnectionStatus.CONNECTED, ReplicationState.PAUSED_SYNC_T),
    VERIFY_S("VerifyS", ConnectionStatus.CONNECTED, ReplicationState.VERIFY_S),
    VERIFY_T("VerifyT", ConnectionStatus.CONNECTED, ReplicationState.VERIFY_T),
    AHEAD("Ahead", ConnectionStatus.CONNECTED, ReplicationState.AHEAD),
    BEHIND("Behind", ConnectionStatus.CONNECTED, ReplicationState.BEHIND),
    /** A /proc-only pseudo state: the minor exists but is StandAlone, Diskless and Secondary. */
    UNCONFIGURED("Unconfigured", ConnectionStatus.STANDALONE, null),
    UNRECOGNIZED("?", ConnectionStatus.UNRECOGNIZED, ReplicationState.UNRECOGNIZED);

    private final String drbdName;
    private final ConnectionStatus connection;
    private final ReplicationState replication;

    ConnState84(String drbdName, ConnectionStatus connection, ReplicationState replication) {
        this.drbdName = drbdName;
        this.connection = connection;
        this.replication = replication == null ? ReplicationState.OFF : replication;
    }

    @Override
    public String drbdName() {
        return drbdName;
    }

    /** DRBD 9's connection state for this 8.4 state. */
    public ConnectionStatus connection() {
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
