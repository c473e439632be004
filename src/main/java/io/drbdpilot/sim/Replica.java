// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** One resource on one simulated node: what that node's kernel knows. Guarded by the cluster's lock. */
final class Replica {

    /** What the kernel was configured with (up, or the last adjust); the file may say otherwise (SimCluster.fileSpec). */
    SimResourceSpec spec;
    final String node;
    Role role = Role.SECONDARY;
    final DiskState[] disk;
    /** False after {@code drbdadm disconnect} or a split brain: StandAlone, not trying to connect. */
    boolean netConfigured = true;
    boolean splitBrain;
    boolean discardMyData;
    boolean allowTwoPrimaries;
    /** The running verify-alg (net-options may set one at runtime; adjust returns to the configuration's), or null. */
    String verifyAlg;
    boolean crashedPrimary;
    /** Demoted with {@code secondary --force} while open: every I/O fails until the openers close it (DRBD 9). */
    boolean forceIoFailures;
    boolean up = true;
    /** False after {@code drbdadm down}: the kernel knows nothing of it on this node; true after {@code up}. */
    boolean configured = true;
    /** The resync rate set at runtime by {@code disk-options --resync-rate} (KiB/s), or null for the configuration's. */
    Long rateKiBps;
    /** Per volume: the backing device holds DRBD metadata. */
    final boolean[] md;
    /** Per volume: the metadata was made by create-md and never synced: the next handshake is a full sync to it. */
    final boolean[] freshMd;
    /** Per volume: what blkid -p finds on the backing device ({@code drbd}, {@code ext4}), or null for a blank one. */
    /** Per volume: the backing device's first 68 KiB hold something (data; drbdmeta create-md then asks first). */
    final boolean[] dataAtStart;
    final String[] signature;
    /** Per volume: the backing device holds good data, attached or detached (false after an I/O error or create-md). */
    final boolean[] goodOnDevice;
    /** Counters as /proc/drbd prints them, in KiB. */
    long ns;
    long nr;
    long dw;
    long dr;
    long al;
    final Map<String, PeerLink> peers = new LinkedHashMap<>();
    /** Per volume: the data generation identifiers as {@code get-gi} prints them (hex, 16 digits). */
    /** Per volume: ranges (start KiB, KiB) where this replica's data differs from its peers' behind DRBD's back. */
    final List<List<long[]>> differs = new ArrayList<>();
    final String[] current;
    final String[] bitmap;
    final String[] history;

    private static final String ZERO = "0000000000000000";
    private static final AtomicLong GENERATIONS = new AtomicLong();

    Replica(SimResourceSpec spec, String node) {
        this.spec = spec;
        this.node = node;
        this.disk = new DiskState[spec.volumes()];
        this.current = new String[spec.volumes()];
        this.bitmap = new String[spec.volumes()];
        this.history = new String[spec.volumes()];
        this.md = new boolean[spec.volumes()];
        this.freshMd = new boolean[spec.volumes()];
        this.signature = new String[spec.volumes()];
        this.dataAtStart = new boolean[spec.volumes()];
        java.util.Arrays.fill(dataAtStart, true);
        this.goodOnDevice = new boolean[spec.volumes()];
        for (int v = 0; v < spec.volumes(); v++) {
            differs.add(new ArrayList<>());
        }
        for (int v = 0; v < spec.volumes(); v++) { // every replica starts from the same generation
            current[v] = hex(uuid(spec.name() + "/" + v + "/current") & ~1L);
            bitmap[v] = ZERO;
            history[v] = hex(uuid(spec.name() + "/" + v + "/history") & ~1L);
        }
        Arrays.fill(disk, spec.isClient(node) ? DiskState.DISKLESS : DiskState.UP_TO_DATE);
        Arrays.fill(md, !spec.isClient(node));
        Arrays.fill(goodOnDevice, !spec.isClient(node));
        Arrays.fill(signature, spec.isClient(node) ? null : "drbd");
        this.allowTwoPrimaries = spec.allowTwoPrimaries();
        this.verifyAlg = spec.verifyAlg();
        for (String n : spec.nodes()) {
            if (!n.equals(node)) {
                peers.put(n, new PeerLink(spec.volumes()));
            }
        }
    }

    /** The resync rate it runs (the SyncTarget's governs a resync), KiB/s. */
    long rate() {
        return rateKiBps == null ? spec.resyncRateKiBps() : rateKiBps;
    }

    /** The backing device of a volume holds good data: attached UpToDate, or detached from UpToDate. */
    boolean holdsGood(int v) {
        return !isClient() && (disk[v] == DiskState.UP_TO_DATE || disk[v] == DiskState.DISKLESS && goodOnDevice[v]);
    }

    /** Why a pause holds a resync on this link: {@code no}, or DRBD's reasons ({@code user}, {@code peer}). */
    static String suspended(PeerLink p, int v) {
        boolean mine = p.paused[v];
        boolean theirs = p.connected && p.peerPaused[v];
        return mine && theirs ? "user,peer" : mine ? "user" : theirs ? "peer" : "no";
    }

    /** Paused on this link for any reason (by this node's admin or the peer's). */
    static boolean paused(PeerLink p, int v) {
        return p.paused[v] || p.connected && p.peerPaused[v];
    }

    boolean isClient() {
        return spec.isClient(node);
    }

    /**
     * Promoted apart from some peers: a new data generation (a new current UUID) starts, written to or not, as
     * 8.4's {@code drbd_uuid_new_current} does. If such a peer became Primary apart too, they meet in split brain.
     */
    void newGenerationApart() {
        if (isClient()) {
            return;
        }
        boolean apart = false;
        for (PeerLink p : peers.values()) {
            if (!p.connected) {
                Arrays.fill(p.changedWhileApart, true);
                apart = true;
            }
        }
        if (apart) {
            for (int v = 0; v < current.length; v++) {
                if (bitmap[v].equals(ZERO)) { // once per time apart: the generation the changes start from
                    bitmap[v] = hex(Long.parseUnsignedLong(current[v], 16) & ~1L);
                    current[v] = hex(uuid(node + "/" + spec.name() + "/" + v + "/" + GENERATIONS.incrementAndGet())
                            | 1L);
                }
            }
        }
    }

    /** After a handshake that connected: the target takes the source's generation, and the bitmaps are cleared. */
    void adoptGeneration(Replica source, int v) {
        if (!bitmap[v].equals(ZERO) && !source.bitmap[v].equals(ZERO)) {
            history[v] = bitmap[v];
        }
        current[v] = source.current[v];
        bitmap[v] = ZERO;
        source.bitmap[v] = ZERO;
    }

    /** One volume's {@code get-gi} line: the four UUIDs, then the flags (consistent, UpToDate, Primary, …). */
    String gi(int v, boolean drbd9) {
        boolean consistent = disk[v] != DiskState.INCONSISTENT && disk[v] != DiskState.DISKLESS;
        // 8.4.11 prints seven flags (the lab's get-gi), DRBD 9.2 twelve (samples9)
        String flags = (consistent ? "1" : "0") + ":" + (disk[v] == DiskState.UP_TO_DATE ? "1" : "0") + ":"
                + (role == Role.PRIMARY ? "1" : "0") + ":" + (crashedPrimary ? "1" : "0")
                + (drbd9 ? ":0:0:0:" + (peers.values().stream().anyMatch(p -> p.connected) ? "1" : "0")
                + ":0:0:0:1" : ":0:0:0");
        return current[v] + ":" + bitmap[v] + ":" + history[v] + ":" + ZERO + ":" + flags;
    }

    private static long uuid(String seed) {
        long h = 1125899906842597L;
        for (char ch : seed.toCharArray()) {
            h = 31 * h + ch;
        }
        return h ^ (h >>> 29) * 0x9E3779B97F4A7C15L;
    }

    private static String hex(long v) {
        return String.format("%016X", v);
    }

    /** DRBD 9 majority quorum: this node and the peers it is connected to are more than half. */
    boolean hasQuorum() {
        if (!"majority".equals(spec.quorum())) {
            return true;
        }
        long seen = 1 + peers.values().stream().filter(p -> p.connected).count();
        return seen * 2 > spec.nodes().size();
    }

    /** This node's view of the link to one peer. */
    static final class PeerLink {
        boolean connected;
        Role peerRole = Role.UNKNOWN;
        final ReplicationState[] repl;
        final long[] oosKiB;
        final long[] syncTotalKiB;
        final boolean[] changedWhileApart;
        final boolean[] paused;
        /** The peer's admin paused the resync on its side (this node shows the {@code p} flag). */
        final boolean[] peerPaused;
        boolean stuck;
        /** simulated seconds since the resync last moved, for the kernel's "(stalled)" */
        double secondsWithoutProgress;
        double speedKiBps;
        private final long[] verifyLeftKiB;

        PeerLink(int volumes) {
            verifyLeftKiB = new long[volumes];
            repl = new ReplicationState[volumes];
            Arrays.fill(repl, ReplicationState.OFF);
            oosKiB = new long[volumes];
            syncTotalKiB = new long[volumes];
            changedWhileApart = new boolean[volumes];
            paused = new boolean[volumes];
            peerPaused = new boolean[volumes];
        }

        long verifyLeft(int volume) {
            return verifyLeftKiB[volume];
        }

        void verifyLeft(int volume, long kib) {
            verifyLeftKiB[volume] = kib;
        }
    }
}
