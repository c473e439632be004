// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.health;

import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.HelperEvent;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.ResyncProgress;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.drbd.parse.Events2State;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Computes findings from one node's view. Pure: the same input gives the same findings. */
public final class HealthCheck {

    private HealthCheck() {
    }

    /** The name /proc/drbd and 8.4's status give the one peer. */
    private static final String PEER_84 = "peer";

    public static List<Finding> evaluate(HealthInput in, HealthPolicy policy) {
        List<Finding> out = new ArrayList<>();
        for (ResourceState r : in.resources()) {
            resource(r, in, policy, out);
        }
        out.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::resource));
        return List.copyOf(out);
    }

    /** The worst severity, or empty when there is nothing to report. */
    public static Optional<Severity> worst(List<Finding> findings) {
        return findings.stream().map(Finding::severity).max(Comparator.naturalOrder());
    }

    private static void resource(ResourceState r, HealthInput in, HealthPolicy policy, List<Finding> out) {
        String n = r.name();
        failedHelpers(r, in, out);
        if (r.role().isUnrecognized()) {
            out.add(new Finding(Severity.WARNING, FindingKind.UNRECOGNIZED_STATE, n, null, null,
                    "DRBD reported a role this version does not know: '" + r.role().raw() + "'.",
                    "Check the node by hand (drbdadm status " + n + ") and update DRBD Pilot."));
        }
        if (r.isSuspended()) {
            out.add(new Finding(Severity.DANGER, FindingKind.IO_SUSPENDED, n, null, null,
                    "I/O on " + n + " is suspended (" + String.join(", ", r.suspended()) + "): applications that "
                            + "write to it hang.",
                    r.suspended().contains("quorum")
                            ? "Reconnect peers until the partition has quorum again."
                            : "Fix the cause (fencing handler, lost data access), then run: drbdadm resume-io " + n));
        }
        if (Boolean.TRUE.equals(r.forceIoFailures())) {
            out.add(new Finding(Severity.DANGER, FindingKind.FORCE_IO_FAILURES, n, null, null,
                    n + " was forced to Secondary: every I/O to it fails.",
                    "Stop whatever still uses the device, then bring the resource down and up again."));
        }
        for (DeviceState d : r.devices()) {
            device(r, d, out);
        }
        boolean peerPrimary = false;
        for (ConnectionState c : r.connections()) {
            peerPrimary |= c.peerRole().is(Role.PRIMARY);
            connection(r, c, in, policy, out);
        }
        ResourceConfig cfg = in.config() == null ? null : in.config().resource(n).orElse(null);
        if (r.role().is(Role.PRIMARY) && peerPrimary) {
            out.add(new Finding(Severity.WARNING, FindingKind.DUAL_PRIMARY, n, null, null,
                    n + " is Primary on this node and on a peer. Any network interruption now means a split brain.",
                    "If no live migration is running, demote one side (drbdadm secondary " + n
                            + " where nothing uses it)."));
        } else if (cfg != null && cfg.allowTwoPrimaries()) {
            out.add(new Finding(Severity.WARNING, FindingKind.DUAL_PRIMARY, n, null, null,
                    "allow-two-primaries is enabled for " + n + " in the configuration: two nodes may be Primary "
                            + "at once, and a network cut then means a split brain.",
                    "Enable dual-primary only for a migration window: drbdadm net-options --allow-two-primaries=no "
                            + n + ", and remove it from the configuration."));
        }
        if (cfg != null) {
            for (int p = 0; p <= 2; p++) {
                String policyValue = cfg.afterSplitBrain(p);
                if (policyValue.startsWith("discard") || policyValue.equals("consensus")) {
                    out.add(new Finding(Severity.INFO, FindingKind.DISCARDING_SPLIT_BRAIN_POLICY, n, null, null,
                            "after-sb-" + p + "pri is '" + policyValue + "': after a split brain DRBD throws one side's "
                                    + "changes away without asking.",
                            "Keep it only if losing those writes is acceptable; 'disconnect' lets you choose."));
                }
            }
        }
    }

    private static void device(ResourceState r, DeviceState d, List<Finding> out) {
        String n = r.name();
        if (Boolean.FALSE.equals(d.quorum())) {
            out.add(new Finding(Severity.DANGER, FindingKind.NO_QUORUM, n, d.volume(), null,
                    "Volume " + d.volume() + " of " + n + " has no quorum: this node cannot see enough peers, so it "
                            + "may not be promoted and a Primary here stops writing.",
                    "Restore the links to the other nodes; check the tiebreaker."));
        }
        DiskState disk = d.disk().value();
        if (d.disk().isUnrecognized()) {
            out.add(new Finding(Severity.WARNING, FindingKind.UNRECOGNIZED_STATE, n, d.volume(), null,
                    "DRBD reported a disk state this version does not know: '" + d.disk().raw() + "'.",
                    "Check the node by hand (drbdadm status " + n + ")."));
        } else if (disk == DiskState.DISKLESS && Boolean.TRUE.equals(d.client())) {
            return; // an intentional diskless client
        } else if (disk.isBelowUpToDate()) {
            boolean primary = r.role().is(Role.PRIMARY);
            Severity s = disk == DiskState.FAILED || (disk == DiskState.DISKLESS && primary)
                    ? Severity.DANGER : Severity.WARNING;
            boolean syncing = r.connections().stream().flatMap(c -> c.peerDevices().stream())
                    .anyMatch(p -> p.volume() == d.volume() && p.replication().value().isResync());
            boolean anyConnected = r.connections().stream().anyMatch(c -> c.connection().is(
                    CState.CONNECTED));
            boolean goodPeer = r.connections().stream().filter(c -> c.connection().is(CState.CONNECTED))
                    .flatMap(c -> c.peerDevices().stream()).anyMatch(p -> p.volume() == d.volume()
                            && p.peerDisk().is(DiskState.UP_TO_DATE));
            String meaning = disk != DiskState.DISKLESS ? diskMeaning(disk)
                    : !anyConnected ? "there is no backing disk attached and no peer is connected: I/O to it fails."
                    : !goodPeer ? "there is no backing disk attached, and no connected peer has an UpToDate copy: "
                            + "no good copy of the data is reachable from here."
                    : diskMeaning(disk);
            String next = syncing ? "A resync is running: wait for it to finish, and do not promote this node before."
                    : (disk == DiskState.INCONSISTENT || disk == DiskState.OUTDATED) && !goodPeer && anyConnected
                    ? "No connected peer has an UpToDate copy either: find the node whose data is right before "
                            + "anything is promoted (a new resource: the initial sync starts from the node you choose)."
                    : diskNext(disk, n);
            out.add(new Finding(s, FindingKind.DISK_DEGRADED, n, d.volume(), null,
                    "The local disk of " + n + " volume " + d.volume() + " is " + d.disk().raw() + ", not UpToDate: "
                            + meaning, next));
        }
    }

    private static String diskMeaning(DiskState disk) {
        return switch (disk) {
            case INCONSISTENT -> "its data is partly old; it must not be promoted until a resync finishes.";
            case OUTDATED -> "it is known to be older than a peer's data.";
            case CONSISTENT -> "the data is intact but DRBD does not yet know whether it is the newest.";
            case DISKLESS -> "there is no backing disk attached; reads and writes go over the network.";
            case FAILED -> "the backing disk reported I/O errors and was detached.";
            default -> "DRBD is still attaching or negotiating it.";
        };
    }

    private static String diskNext(DiskState disk, String n) {
        return switch (disk) {
            case INCONSISTENT, OUTDATED -> "Connect to an UpToDate peer and let the resync finish (drbdadm connect "
                    + n + ").";
            case CONSISTENT -> "Connect to the peers so DRBD can compare generations.";
            case DISKLESS, FAILED -> "Check the backing device and the kernel log, then drbdadm attach " + n + ".";
            default -> "Wait a moment; if it stays, check the kernel log.";
        };
    }

    private static void connection(ResourceState r, ConnectionState c, HealthInput in, HealthPolicy policy,
            List<Finding> out) {
        String n = r.name();
        CState cs = c.connection().value();
        if (c.connection().isUnrecognized()) {
            out.add(new Finding(Severity.WARNING, FindingKind.UNRECOGNIZED_STATE, n, null, c.name(),
                    "DRBD reported a connection state this version does not know: '" + c.connection().raw() + "'.",
                    "Check the node by hand (drbdadm status " + n + ")."));
        } else if (cs == CState.STANDALONE) {
            if (splitBrain(n, in)) {
                out.add(new Finding(Severity.DANGER, FindingKind.SPLIT_BRAIN, n, null, c.name(),
                        "Split brain on " + n + ": both sides changed the data while apart, and DRBD dropped the "
                                + "connection rather than pick a side. It cannot merge the changes.",
                        "Decide which node's data survives. On the other (the victim): drbdadm secondary " + n
                                + "; drbdadm connect --discard-my-data " + n + ". On the survivor, if it is "
                                + "StandAlone too: drbdadm connect " + n + "."));
            } else {
                out.add(new Finding(Severity.WARNING, FindingKind.STANDALONE, n, null, c.name(),
                        n + " is StandAlone towards " + c.name() + ": it is not replicating and not trying to "
                                + "connect (disconnected by hand, or a refused handshake).",
                        "Check the kernel log for 'Split-Brain' or 'Unrelated data', then: drbdadm connect " + n));
            }
        } else if (cs != CState.CONNECTED) {
            boolean handshake = c.connection().raw().startsWith("WF") && !c.connection().raw().equals(
                    "WFConnection");
            out.add(new Finding(Severity.WARNING, FindingKind.NOT_CONNECTED, n, null, c.name(),
                    n + " is " + c.connection().raw() + " towards " + c.name() + (handshake
                            ? ": the handshake has not finished, so writes here are not replicated yet."
                            : ": the peer is unreachable, so writes here are not replicated."),
                    "Check the replication network and that DRBD runs on the peer (drbdadm status " + n
                            + " there)."));
        }
        for (PeerDeviceState p : c.peerDevices()) {
            peerDevice(r, c, p, in, policy, out);
        }
    }

    private static void peerDevice(ResourceState r, ConnectionState c, PeerDeviceState p, HealthInput in,
            HealthPolicy policy, List<Finding> out) {
        String n = r.name();
        ReplicationState repl = p.replication().value();
        ResyncProgress prog = p.resync();
        if (repl.isResync() || repl.isVerify()) {
            String what = repl.isVerify() ? "An online verify" : "A resync";
            String pct = prog != null && prog.percent() != null ? String.format(" at %.1f%%", prog.percent()) : "";
            out.add(new Finding(Severity.INFO, FindingKind.RESYNC_RUNNING, n, p.volume(), c.name(),
                    what + " of " + n + " volume " + p.volume() + " with " + c.name() + " is " + p.replication().raw()
                            + pct + ".",
                    "Wait for it to finish before switching roles."));
            if (prog != null && prog.stalled()) {
                out.add(new Finding(Severity.WARNING, FindingKind.RESYNC_STALLED, n, p.volume(), c.name(),
                        "The kernel reports the resync of " + n + " as stalled: no progress for 3 minutes or more.",
                        "Check the link and the peer's disk; pausing and resuming (drbdadm pause-sync/resume-sync "
                                + one(n, c) + ") or reconnecting that peer often restarts it."));
            }
            Instant since = Events2State.byPeerDevice(in.resyncUnchangedSince(), n, c.peerNodeId(), p.volume());
            if (since != null && Duration.between(since, in.now()).compareTo(policy.noProgressThreshold()) >= 0) {
                out.add(new Finding(Severity.WARNING, FindingKind.RESYNC_NO_PROGRESS, n, p.volume(), c.name(),
                        "The resync of " + n + " has made no progress for "
                                + Duration.between(since, in.now()).toMinutes() + " minutes.",
                        "Reconnect that peer (drbdadm disconnect " + one(n, c) + "; drbdadm connect " + one(n, c)
                                + "); a resync stuck near the end is a known DRBD problem fixed in newer versions."));
            }
        }
        if (repl.isTransient()) {
            OffsetDateTime since = Events2State.byPeerDevice(in.replicationSince(), n, c.peerNodeId(), p.volume());
            if (since != null && Duration.between(since.toInstant(), in.now()).compareTo(policy.transientThreshold())
                    >= 0) {
                out.add(new Finding(Severity.WARNING, FindingKind.TRANSIENT_STATE_STUCK, n, p.volume(), c.name(),
                        n + " has been in " + p.replication().raw() + " with " + c.name() + " for "
                                + Duration.between(since.toInstant(), in.now()).toSeconds() + " s; this handshake "
                                + "state should pass within seconds.",
                        "Cycle that one connection: drbdadm disconnect " + n + ":" + c.name() + "; drbdadm connect "
                                + n + ":" + c.name()));
            }
        }
        if (c.connection().is(CState.CONNECTED) && !p.peerDisk().isUnrecognized()
                && p.peerDisk().value().isBelowUpToDate() && !Boolean.TRUE.equals(p.peerClient())
                && !(p.peerDisk().is(DiskState.DISKLESS) && Boolean.TRUE.equals(p.peerClient()))) {
            // one good copy during a resync is the same risk seen from the SyncSource as from the SyncTarget
            boolean peerPrimary = c.peerRole().is(Role.PRIMARY);
            out.add(new Finding(Severity.WARNING, FindingKind.PEER_DISK_DEGRADED,
                    n, p.volume(), c.name(),
                    c.name() + "'s disk for " + n + " volume " + p.volume() + " is " + p.peerDisk().raw()
                            + (repl.isResync() ? " while the resync runs: until it ends, this node holds the only "
                            + "good copy." : peerPrimary ? ", and " + c.name() + " is Primary on it."
                            : ", so it cannot take over."),
                    repl.isResync() ? "Wait for the resync; do not take this node down before it ends."
                            : "Check the peer: drbdadm status " + n + " there."));
        }
        Long oos = p.outOfSyncKiB();
        if (repl == ReplicationState.ESTABLISHED && oos != null && oos > 0 && bothUpToDate(r, p)) {
            // DRBD 9 names each connection: a plain disconnect would drop every peer (and may cost quorum)
            String target = one(n, c);
            out.add(new Finding(Severity.WARNING, FindingKind.OUT_OF_SYNC, n, p.volume(), c.name(),
                    oos + " KiB of " + n + " volume " + p.volume() + " are marked out of sync with " + c.name()
                            + " while both disks say UpToDate and the link is Established: DRBD resyncs marked "
                            + "blocks only when that connection is made again.",
                    "On this node, reconnect that one peer: drbdadm disconnect " + target + "; drbdadm connect "
                            + target + "."));
        }
    }

    /** The peer's disk and this node's disk of the same volume are UpToDate. */
    private static boolean bothUpToDate(ResourceState r, PeerDeviceState p) {
        if (!p.peerDisk().is(DiskState.UP_TO_DATE)) {
            return false;
        }
        for (DeviceState d : r.devices()) {
            if (d.volume() == p.volume() && !d.disk().is(DiskState.UP_TO_DATE)) {
                return false;
            }
        }
        return true;
    }

    /** How drbdadm names one connection: {@code r0:gamma} on DRBD 9 (a plain {@code r0} would act on every peer). */
    private static String one(String res, ConnectionState c) {
        return PEER_84.equals(c.name()) ? res : res + ":" + c.name();
    }

    /** A helper that answered with a non-zero exit status (a fence-peer that failed, a handler that broke). */
    private static void failedHelpers(ResourceState r, HealthInput in, List<Finding> out) {
        for (HelperEvent h : in.helperEvents()) {
            if (h.response() && h.status() != null && h.status() != 0 && r.name().equals(h.resource())
                    && !h.isSplitBrain()) {
                out.add(new Finding(Severity.WARNING, FindingKind.HELPER_FAILED, r.name(), h.volume(), h.peer(),
                        "The " + h.helper() + " handler of " + r.name() + " exited with status " + h.status() + ".",
                        "Look at the handler's script and the kernel log (dmesg) on this node."));
            }
        }
    }

    private static boolean splitBrain(String resource, HealthInput in) {
        if (in.splitBrainResources().contains(resource)) {
            return true;
        }
        for (HelperEvent h : in.helperEvents()) {
            if (h.isSplitBrain() && resource.equals(h.resource())) {
                return true;
            }
        }
        return false;
    }
}
