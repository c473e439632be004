// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.util.Map;
import java.util.Optional;

/** What each DRBD state value means, in a sentence an operator can act on (8.4 and 9 spellings). */
public final class StateGlossary {

    private static final Map<String, String> TEXT = Map.ofEntries(
            // roles
            Map.entry("Primary", "Primary: this node may write to the device; applications run here."),
            Map.entry("Secondary", "Secondary: receives the Primary's writes; the device cannot be opened for "
                    + "writing here."),
            Map.entry("Unknown", "Unknown: the peer's role is not known because it is not connected."),
            // disk states
            Map.entry("UpToDate", "UpToDate: the data is complete and current."),
            Map.entry("Consistent", "Consistent: intact, but not known to be the newest until the peers connect."),
            Map.entry("Outdated", "Outdated: intact but known to be older than a peer's; must not be promoted."),
            Map.entry("Inconsistent", "Inconsistent: half-written (resync running or interrupted); not usable on "
                    + "its own."),
            Map.entry("DUnknown", "DUnknown: the peer's disk state is unknown because it is not connected."),
            Map.entry("Diskless", "Diskless: no local backing disk (detached, failed, or an intentional client)."),
            Map.entry("Attaching", "Attaching: the backing disk is being read in."),
            Map.entry("Detaching", "Detaching: the backing disk is being let go (DRBD 9)."),
            Map.entry("Failed", "Failed: the backing disk reported an I/O error and was detached."),
            Map.entry("Negotiating", "Negotiating: attach while connected; the peers are comparing data."),
            // connection states
            Map.entry("Connected", "Connected: the peers talk; replication works."),
            Map.entry("Connecting", "Connecting: waiting for the peer to answer (DRBD 9; 8.4 calls it "
                    + "WFConnection)."),
            Map.entry("WFConnection", "WFConnection: waiting for the peer to connect (8.4)."),
            Map.entry("WFReportParams", "WFReportParams: connected, exchanging the first parameters (8.4)."),
            Map.entry("StandAlone", "StandAlone: not trying to connect at all (after split brain, or "
                    + "'drbdadm disconnect'). Nothing reconnects by itself."),
            Map.entry("Disconnecting", "Disconnecting: the connection is being taken down."),
            Map.entry("Unconnected", "Unconnected: a moment before trying to connect."),
            Map.entry("Timeout", "Timeout: the peer stopped answering; DRBD will retry."),
            Map.entry("BrokenPipe", "BrokenPipe: the connection broke; DRBD will retry."),
            Map.entry("NetworkFailure", "NetworkFailure: the network to the peer failed; DRBD will retry."),
            Map.entry("ProtocolError", "ProtocolError: the peers disagreed on the protocol; check both versions."),
            Map.entry("TearDown", "TearDown: the peer is closing the connection."),
            // replication
            Map.entry("Established", "Established: replicating normally (DRBD 9; 8.4 says Connected)."),
            Map.entry("Off", "Off: no replication with this peer (not connected)."),
            Map.entry("SyncSource", "SyncSource: sending changed blocks to the peer, which is behind."),
            Map.entry("SyncTarget", "SyncTarget: receiving changed blocks; the local data is Inconsistent until it "
                    + "ends."),
            Map.entry("PausedSyncS", "PausedSyncS: a resync to the peer waits (paused by the user or a "
                    + "dependency)."),
            Map.entry("PausedSyncT", "PausedSyncT: a resync from the peer waits (paused by the user or a "
                    + "dependency)."),
            Map.entry("StartingSyncS", "StartingSyncS: a resync is about to start (handshake)."),
            Map.entry("StartingSyncT", "StartingSyncT: a resync is about to start (handshake)."),
            Map.entry("WFBitMapS", "WFBitMapS: exchanging the bitmap of changed blocks (handshake)."),
            Map.entry("WFBitMapT", "WFBitMapT: exchanging the bitmap of changed blocks (handshake)."),
            Map.entry("WFSyncUUID", "WFSyncUUID: agreeing on the resync's generation (handshake)."),
            Map.entry("VerifyS", "VerifyS: online verify running, this node compares against the peer."),
            Map.entry("VerifyT", "VerifyT: online verify running, the peer compares against this node."),
            Map.entry("Ahead", "Ahead: congested; writes are only marked and sent later by a resync."),
            Map.entry("Behind", "Behind: the peer is Ahead; this node is out of date until the resync after it."),
            Map.entry("Unconfigured", "Unconfigured: the minor exists but nothing is configured on it."));

    private StateGlossary() {
    }

    /** The explanation of a state value as DRBD spells it. */
    public static Optional<String> explain(String value) {
        return value == null ? Optional.empty() : Optional.ofNullable(TEXT.get(value.strip()));
    }

    /** How many values are explained (for tests). */
    public static int size() {
        return TEXT.size();
    }
}
