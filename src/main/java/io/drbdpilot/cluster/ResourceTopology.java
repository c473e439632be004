// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.config.Rates;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.ResyncProgress;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.drbd.model.StateWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the resource diagram draws, computed without any UI: one box per node holding the resource, and one link per
 * pair of nodes, merged from both sides' views (each node only sees its own end of a link). Pure and immutable.
 *
 * @param dualPrimary  more than one node is Primary
 * @param splitBrain   both ends of some link are StandAlone
 * @param quorumLost   some node reports its device without quorum
 */
public record ResourceTopology(String resource, List<Box> boxes, List<Link> links, boolean dualPrimary,
        boolean splitBrain, boolean quorumLost) {

    public ResourceTopology {
        boxes = List.copyOf(boxes);
        links = List.copyOf(links);
    }

    /**
     * One node's side.
     *
     * @param role    DRBD's spelling, or "?" when the node cannot be read
     * @param disk    the worst disk state over the volumes
     * @param devices e.g. {@code /dev/drbd1001, drbd1002}
     * @param open    the device is open (in use), or null when not reported
     * @param stale   the node's view is not current
     */
    public record Box(String node, String role, String disk, String devices, Boolean open, boolean stale,
            boolean primary, boolean diskOk) {
    }

    /** How a link looks. */
    public enum LinkState { CONNECTED, CONNECTING, STANDALONE, DISCONNECTED, UNKNOWN }

    /**
     * One link, from {@code a} to {@code b}.
     *
     * @param aSays      the connection state as a sees it (null when a does not report it)
     * @param bSays      as b sees it
     * @param syncFrom   the resync source node while a resync runs, else null
     * @param progress   the resync's progress as the source or target reports it, else null
     * @param filesRate  the SyncTarget's resync rate in its configuration files (KiB/s) when they fix one
     *                   ({@code c-plan-ahead 0}), else null: a {@code want} that differs is a temporary rate
     */
    public record Link(String a, String b, LinkState state, String aSays, String bSays, String syncFrom,
            ResyncProgress progress, String replication, Long filesRate) {

        public boolean resyncing() {
            return syncFrom != null;
        }

        /** The rate the resync runs at differs from the files': set at runtime ({@code drbd-pilot resync rate}). */
        public boolean temporaryRate() {
            return filesRate != null && progress != null && progress.wantKiBps() != null
                    && !progress.wantKiBps().equals(filesRate);
        }
    }

    /**
     * One node's reading of the resource: its state (null when it has none), whether the view is current, and the
     * resync rate its configuration files fix (KiB/s, null when they leave it to the dynamic controller or are unread).
     */
    public record Side(String node, String drbdHost, ResourceState state, boolean stale, Long filesRate,
            boolean v84) {

        public Side(String node, String drbdHost, ResourceState state, boolean stale) {
            this(node, drbdHost, state, stale, null, false);
        }

        public Side(String node, String drbdHost, ResourceState state, boolean stale, Long filesRate) {
            this(node, drbdHost, state, stale, filesRate, false);
        }

        /** A node's side as its view gives it; an 8.4 node's states in 8.4's words. */
        public static Side of(NodeView v, ResourceState r, Long filesRate) {
            return new Side(v.node(), v.drbdHost(), r, v.freshness() == NodeView.Freshness.STALE, filesRate,
                    StateWords.speaks84(v.kernel()));
        }
    }

    public static ResourceTopology of(String resource, List<Side> sides) {
        List<Box> boxes = new ArrayList<>();
        Map<String, Side> byName = new LinkedHashMap<>();
        int primaries = 0;
        boolean quorumLost = false;
        for (Side s : sides) {
            if (s.state() == null) {
                continue;
            }
            byName.put(s.node(), s);
            ResourceState r = s.state();
            boolean primary = r.role().is(Role.PRIMARY);
            primaries += primary ? 1 : 0;
            boolean diskOk = true;
            StringBuilder devs = new StringBuilder();
            Boolean open = null;
            for (DeviceState d : r.devices()) {
                diskOk &= d.disk().is(DiskState.UP_TO_DATE)
                        || d.disk().is(DiskState.DISKLESS) && Boolean.TRUE.equals(d.client());
                devs.append(devs.isEmpty() ? "/dev/drbd" : ", drbd").append(d.minor());
                if (d.open() != null) {
                    open = (open != null && open) || d.open();
                }
                quorumLost |= Boolean.FALSE.equals(d.quorum());
            }
            String disk = r.devices().stream().map(d -> d.disk().raw()).distinct().reduce((x, y) -> x + "/" + y)
                    .orElse("-");
            boxes.add(new Box(s.node(), s.stale() ? r.role().raw() + " (stale)" : r.role().raw(), disk,
                    devs.toString(), open, s.stale(), primary, diskOk));
        }
        List<Link> links = new ArrayList<>();
        boolean splitBrain = false;
        List<Side> having = new ArrayList<>(byName.values());
        for (int i = 0; i < having.size(); i++) {
            for (int j = i + 1; j < having.size(); j++) {
                Side a = having.get(i);
                Side b = having.get(j);
                Optional<ConnectionState> ab = towards(a, b, having.size());
                Optional<ConnectionState> ba = towards(b, a, having.size());
                if (ab.isEmpty() && ba.isEmpty()) {
                    continue; // not peers of each other (a diskless client's other links, or an unknown pair)
                }
                CState sa = ab.map(c -> c.connection().value()).orElse(null);
                CState sb = ba.map(c -> c.connection().value()).orElse(null);
                LinkState state = state(sa, sb, a.stale() || b.stale());
                splitBrain |= sa == CState.STANDALONE && sb == CState.STANDALONE;
                Replication fromA = replication(a, b, ab);
                Replication fromB = replication(b, a, ba);
                Replication r = fromB.syncFrom() != null && fromA.syncFrom() == null ? fromB : fromA;
                // Speed and ETA may come from either side (on 8.4 only /proc/drbd has them).
                ResyncProgress progress = r.progress() != null && r.progress().speedKiBps() != null
                        || fromB.progress() == null ? r.progress() : fromB.progress();
                String shown = fromB.replication() != null && !"Established".equals(fromB.replication())
                        || fromA.replication() == null ? fromB.replication() : fromA.replication();
                String syncTarget = r.syncFrom() == null ? null : r.syncFrom().equals(a.node()) ? b.node() : a.node();
                Long files = syncTarget == null ? null : byName.get(syncTarget).filesRate();
                links.add(new Link(a.node(), b.node(), state, sa == null ? null : says(ab.get(), a.v84()),
                        sb == null ? null : says(ba.get(), b.v84()), r.syncFrom(), progress, shown, files));
            }
        }
        return new ResourceTopology(resource, boxes, links, primaries > 1, splitBrain, quorumLost);
    }

    /** What one side says of its replication to the other: the state to show, the sync source, the progress. */
    private record Replication(String replication, String syncFrom, ResyncProgress progress) {
    }

    private static Replication replication(Side self, Side peer, Optional<ConnectionState> towardsPeer) {
        String shown = null;
        String syncFrom = null;
        ResyncProgress progress = null;
        for (PeerDeviceState p : towardsPeer.map(ConnectionState::peerDevices).orElse(List.of())) {
            ReplicationState rs = p.replication().value();
            if (shown == null || rs != ReplicationState.ESTABLISHED) {
                shown = p.replication().raw();
            }
            if (rs.isResync() || rs.isVerify()) {
                boolean source = rs == ReplicationState.SYNC_SOURCE || rs == ReplicationState.PAUSED_SYNC_S
                        || rs == ReplicationState.VERIFY_S;
                syncFrom = source ? self.node() : peer.node();
                if (p.resync() != null && (progress == null || progress.speedKiBps() == null)) {
                    progress = p.resync();
                }
            }
        }
        return new Replication(shown, syncFrom, progress);
    }

    /** What the node itself would print: 8.4's words (WFConnection) on 8.4, else DRBD 9's connection state. */
    private static String says(ConnectionState c, boolean v84) {
        return v84 ? StateWords.connection(c, true) : c.extra().getOrDefault("cs", c.connection().raw());
    }

    /** a's connection towards b: DRBD 9 names the peer; 8.4 has one connection called "peer" when two nodes hold it. */
    private static Optional<ConnectionState> towards(Side a, Side b, int holders) {
        List<ConnectionState> cs = a.state().connections();
        for (ConnectionState c : cs) {
            if (c.name().equals(b.node()) || c.name().equals(b.drbdHost())) {
                return Optional.of(c);
            }
        }
        return holders == 2 && cs.size() == 1 ? Optional.of(cs.get(0)) : Optional.empty();
    }

    private static LinkState state(CState a, CState b, boolean stale) {
        if (stale) {
            return LinkState.UNKNOWN;
        }
        if (a == CState.STANDALONE || b == CState.STANDALONE) {
            return LinkState.STANDALONE;
        }
        if (a == CState.CONNECTED && (b == null || b == CState.CONNECTED)
                || b == CState.CONNECTED && a == null) {
            return LinkState.CONNECTED;
        }
        if (a == CState.CONNECTING || b == CState.CONNECTING || a == CState.CONNECTED
                || b == CState.CONNECTED) {
            return LinkState.CONNECTING;
        }
        return a == null && b == null ? LinkState.UNKNOWN : LinkState.DISCONNECTED;
    }

    /** The fixed resync rate a node's files give the resource (c-plan-ahead 0), in KiB/s; null when not fixed. */
    static Long filesRate(NodeView v, String resource) {
        if (v.config() == null) {
            return null;
        }
        return v.config().resource(resource).filter(c -> c.option("disk", "c-plan-ahead").map(x -> x.strip()
                .equals("0")).orElse(false)).map(c -> Rates.kib(c.option("disk", "resync-rate").orElse("250k")))
                .orElse(null);
    }

    /** The topology of one resource in a snapshot: every node that holds it, stale ones marked. */
    public static ResourceTopology of(String resource, ClusterSnapshot s) {
        List<Side> sides = new ArrayList<>();
        for (NodeView v : s.nodes()) {
            v.resource(resource).ifPresent(r -> sides.add(Side.of(v, r, filesRate(v, resource))));
        }
        return of(resource, sides);
    }
}
