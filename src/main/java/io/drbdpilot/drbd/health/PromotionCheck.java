// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.health;

import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "Can this node be promoted, and if not, why not?", answered from the kernel's state rules (docs/drbd-reference.md
 * §e.2, §c.5) before anyone types {@code drbdadm primary}. It predicts the refusal DRBD would give, with its code, and
 * it also flags promotions the kernel would allow but that are unsafe (a disconnected peer that may be Primary).
 */
public final class PromotionCheck {

    /** The answer. */
    public enum Answer {
        /** The kernel would accept it and nothing known argues against it. */
        YES,
        /** The kernel would accept it, but it risks split brain or stale data: only as a deliberate takeover. */
        RISKY,
        /** The kernel would refuse it (or it makes no sense: already Primary, not up). */
        NO
    }

    /**
     * One node's verdict.
     *
     * @param reasons plain sentences, the decisive one first; each names DRBD's refusal code when there is one
     */
    public record Verdict(String node, Answer answer, String summary, List<String> reasons) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }
    }

    private PromotionCheck() {
    }

    /**
     * @param node              the node asked about
     * @param r                 the resource as that node sees it; null when the node does not have it up
     * @param allowTwoPrimaries the resource's {@code net { allow-two-primaries }}
     * @param otherPrimaries    other nodes (by name) that report themselves Primary for this resource, with whether
     *                          this node is connected to them; from the other nodes' own views
     */
    public static Verdict check(String node, ResourceState r, boolean allowTwoPrimaries,
            Map<String, Boolean> otherPrimaries) {
        List<String> no = new ArrayList<>();
        List<String> risky = new ArrayList<>();
        if (r == null || r.devices().isEmpty()) {
            return new Verdict(node, Answer.NO, "No: the resource is not up on " + node + ".", List.of(
                    "DRBD has no device for it on this node. Bring it up first: drbdadm up <resource>."));
        }
        if (r.role().is(Role.PRIMARY)) {
            return new Verdict(node, Answer.NO, "It already is Primary.", List.of(node + " is Primary now."));
        }
        if (Boolean.TRUE.equals(r.forceIoFailures())) {
            no.add("I/O is forced to fail (force-io-failures:yes after 'secondary --force'): drbdsetup reports "
                    + "may_promote:no until the resource is brought down and up again.");
        }
        for (DeviceState d : r.devices()) {
            if (Boolean.FALSE.equals(d.quorum())) {
                no.add("(-25) No quorum: volume " + d.volume() + " does not see a majority of its nodes. Reconnect "
                        + "peers until quorum is back; UpToDate data alone is not enough.");
            }
        }
        for (ConnectionState c : r.connections()) {
            boolean connected = c.connection().is(CState.CONNECTED);
            if (connected && c.peerRole().is(Role.PRIMARY) && !allowTwoPrimaries) {
                // 8.4 names its one connection "peer": the other nodes' own views say who that is.
                String who = r.connections().size() == 1 ? otherPrimaries.entrySet().stream()
                        .filter(Map.Entry::getValue).map(Map.Entry::getKey).findFirst().orElse(c.name()) : c.name();
                no.add("(-1) Multiple primaries not allowed by config: " + who + " is Primary. Demote it "
                        + "first (the switchover does this in the safe order).");
            }
            for (PeerDeviceState p : c.peerDevices()) {
                if (p.replication().value().isTransient()) {
                    no.add("(-18) In transient state: the link to " + c.name() + " is in a handshake ("
                            + p.replication().raw() + "). Retry after the next state change.");
                }
            }
        }
        for (DeviceState d : r.devices()) {
            DiskState disk = d.disk().value();
            if (disk == DiskState.UP_TO_DATE) {
                continue;
            }
            String good = upToDatePeer(r, d.volume());
            if (good == null) {
                no.add("(-2) Need access to UpToDate data: volume " + d.volume() + " is " + d.disk().raw()
                        + " here and no connected peer has it UpToDate." + hint(disk));
            } else if (disk != DiskState.DISKLESS && disk != DiskState.INCONSISTENT) {
                risky.add("Volume " + d.volume() + " is " + d.disk().raw() + " here; as Primary it would read and "
                        + "write through " + good + " until a resync makes it UpToDate.");
            }
        }
        otherPrimaries.forEach((other, connected) -> {
            if (!connected && !allowTwoPrimaries) {
                risky.add(other + " reports itself Primary but is not connected to " + node + ". The kernel would "
                        + "let this node become Primary too: that is split brain. Demote " + other + " or fence it "
                        + "first.");
            }
        });
        for (ConnectionState c : r.connections()) {
            boolean connected = c.connection().is(CState.CONNECTED);
            if (!connected && !otherPrimaries.containsKey(c.name())) {
                risky.add("Not connected to " + c.name() + " (" + c.connection().raw() + "): whether " + c.name()
                        + " is Primary or has newer data cannot be seen from here. Promote only when " + c.name()
                        + " is known to be down or Secondary (with fencing, DRBD asks the fence-peer handler; "
                        + "(-7) if it cannot outdate the peer).");
            }
        }
        if (Boolean.FALSE.equals(r.mayPromote()) && no.isEmpty()) {
            risky.add("drbdsetup itself reports may_promote:no for this resource.");
        }
        if (r.isSuspended()) {
            risky.add("I/O is suspended (" + String.join(",", r.suspended()) + "): writes after promotion would "
                    + "hang until that is resolved.");
        }
        if (!no.isEmpty()) {
            List<String> all = new ArrayList<>(no);
            all.addAll(risky);
            return new Verdict(node, Answer.NO, "No: " + firstSentence(no.get(0)), all);
        }
        if (!risky.isEmpty()) {
            return new Verdict(node, Answer.RISKY, "The kernel would allow it, but it is not safe as it stands.",
                    risky);
        }
        return new Verdict(node, Answer.YES, "Yes: its data is UpToDate and no peer is Primary.", List.of(
                "Every volume is UpToDate" + (r.connections().isEmpty() ? "." : " and every peer is connected")
                        + (r.connections().isEmpty() ? "" : " and Secondary.")));
    }

    private static String upToDatePeer(ResourceState r, int volume) {
        for (ConnectionState c : r.connections()) {
            if (!c.connection().is(CState.CONNECTED)) {
                continue;
            }
            PeerDeviceState p = c.peerDevice(volume).orElse(null);
            if (p != null && p.peerDisk().is(DiskState.UP_TO_DATE)
                    && p.replication().value() != ReplicationState.OFF) {
                return c.name();
            }
        }
        return null;
    }

    private static String hint(DiskState disk) {
        return switch (disk) {
            case OUTDATED -> " Outdated data is known to be older than a peer's: promoting it would serve stale "
                    + "data (only a forced, deliberate takeover would do it).";
            case CONSISTENT -> " Consistent means intact but not known to be the newest: wait for the peer to "
                    + "connect, which settles it.";
            case INCONSISTENT -> " The data is half-written (a resync was interrupted or never ran): connect to the "
                    + "UpToDate peer and let the resync finish.";
            case DISKLESS -> " A diskless node can only be Primary through a connected UpToDate peer.";
            default -> "";
        };
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(": ");
        return dot > 0 && s.startsWith("(") ? s.substring(s.indexOf(')') + 2, dot) + "." : s;
    }
}
