// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/** Disk state of a local device or, seen from a peer, of the peer's device (8.x and 9), in DRBD's enum order. */
public enum DiskState implements DrbdName {
    DISKLESS("Diskless"),
    ATTACHING("Attaching"),
    DETACHING("Detaching"),
    FAILED("Failed"),
    NEGOTIATING("Negotiating"),
    INCONSISTENT("Inconsistent"),
    OUTDATED("Outdated"),
    DUNKNOWN("DUnknown"),
    CONSISTENT("Consistent"),
    UP_TO_DATE("UpToDate"),
    /** A value this version does not know; the raw text is kept in {@link Reported#raw()}. */
    UNRECOGNIZED("?");

    private final String drbdName;

    DiskState(String drbdName) {
        this.drbdName = drbdName;
    }

    @Override
    public String drbdName() {
        return drbdName;
    }

    /** The constant for DRBD's spelling, or {@link #UNRECOGNIZED}. */
    public static DiskState parse(String text) {
        return DrbdNames.lookup(DiskState.class, text);
    }

    /** Below UpToDate: the data here is not known to be current. Diskless is judged separately (clients). */
    public boolean isBelowUpToDate() {
        return this != UP_TO_DATE;
    }
}
