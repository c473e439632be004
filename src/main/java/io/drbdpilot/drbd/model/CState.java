// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/** DRBD 9's per-peer connection state. DRBD 8.4's {@code cs:} maps onto it with {@link ConnState84#connection()}. */
public enum CState implements DrbdName {
    STANDALONE("StandAlone"),
    DISCONNECTING("Disconnecting"),
    UNCONNECTED("Unconnected"),
    TIMEOUT("Timeout"),
    BROKEN_PIPE("BrokenPipe"),
    NETWORK_FAILURE("NetworkFailure"),
    PROTOCOL_ERROR("ProtocolError"),
    TEAR_DOWN("TearDown"),
    CONNECTING("Connecting"),
    CONNECTED("Connected"),
    /** A value this version does not know; the raw text is kept in {@link Reported#raw()}. */
    UNRECOGNIZED("?");

    private final String drbdName;

    CState(String drbdName) {
        this.drbdName = drbdName;
    }

    @Override
    public String drbdName() {
        return drbdName;
    }

    /** The constant for DRBD's spelling, or {@link #UNRECOGNIZED}. */
    public static CState parse(String text) {
        return DrbdNames.lookup(CState.class, text);
    }
}
