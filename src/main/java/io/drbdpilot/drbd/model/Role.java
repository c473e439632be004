// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/** A node's role for a resource (8.x and 9). {@code Unknown} is real DRBD output: the peer's role while disconnected. */
public enum Role implements DrbdName {
    PRIMARY("Primary"),
    SECONDARY("Secondary"),
    UNKNOWN("Unknown"),
    /** A value this version does not know; the raw text is kept in {@link Reported#raw()}. */
    UNRECOGNIZED("?");

    private final String drbdName;

    Role(String drbdName) {
        this.drbdName = drbdName;
    }

    @Override
    public String drbdName() {
        return drbdName;
    }

    /** The constant for DRBD's spelling, or {@link #UNRECOGNIZED}. */
    public static Role parse(String text) {
        return DrbdNames.lookup(Role.class, text);
    }
}
