// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.util.List;

/**
 * States in the words of the node's own DRBD. drbd-utils 9 reports an 8.4 kernel's events in DRBD 9's words; an 8.4
 * admin knows them from {@code /proc/drbd} and {@code drbdadm cstate}: a node waiting for its peer is
 * {@code WFConnection}, not {@code Connecting}, and a connected, idle pair is {@code Connected}, not
 * {@code Established}. And 8.4 calls its one connection "peer", where the admin knows the peer's host name.
 */
public final class StateWords {

    private StateWords() {
    }

    /** True for a kernel that speaks 8.x (8.4's words); unknown kernels speak DRBD 9's. */
    public static boolean speaks84(KernelVersion kernel) {
        return kernel != null && (kernel.major() == 8 || kernel.compat84());
    }

    /** The connection state: 8.4's {@code cs:} where {@code /proc/drbd} gave it, WFConnection for 8.4's waiting. */
    public static String connection(ConnectionState c, boolean v84) {
        String cs = c.extra().get("cs");
        if (v84 && cs != null) {
            return cs;
        }
        if (v84 && c.connection().is(CState.CONNECTING)) {
            return "WFConnection";
        }
        return c.connection().raw();
    }

    /** The replication state: 8.4 calls an idle, connected peer device {@code Connected} (its {@code cs:}). */
    public static String replication(PeerDeviceState p, boolean v84) {
        if (p == null) {
            return "";
        }
        if (v84 && p.replication().is(ReplicationState.ESTABLISHED)) {
            return "Connected";
        }
        return p.replication().raw();
    }

    /**
     * The peer's host name: DRBD 9 names the connection by it; 8.4 calls its one connection "peer", so the
     * resource's configuration (its other host) names it where it is known.
     *
     * @param self      this node's host name as the configuration names it (uname -n), or its name in the cluster
     * @param hostsOfIt the hosts the configuration lists for this resource (empty when unknown)
     */
    public static String peerName(ConnectionState c, String self, List<String> hostsOfIt) {
        if (!"peer".equals(c.name())) {
            return c.name();
        }
        List<String> others = hostsOfIt.stream().filter(h -> !h.equals(self)).toList();
        return others.size() == 1 ? others.get(0) : c.name();
    }
}
