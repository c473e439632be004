// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of one simulated resource, as a {@code .res} file would give it.
 *
 * @param nodes              the hosts that have it (2 for DRBD 8.4, up to 4 for DRBD 9)
 * @param clients            hosts among {@code nodes} that are intentionally diskless (DRBD 9 only)
 * @param minors             the minor of each volume
 * @param sizesKiB           the size of each volume
 * @param port               replication TCP port
 * @param protocol           A, B or C
 * @param allowTwoPrimaries  from the net section
 * @param resyncRateKiBps    the fixed resync rate ({@code c-plan-ahead 0; resync-rate ...})
 * @param verifyAlg          net verify-alg, or null (then {@code verify} is refused)
 * @param quorum             DRBD 9: {@code majority} or {@code off}
 * @param ids                the node order node ids come from (the cluster's, as the lab numbers its hosts: alpha 0,
 *                           beta 1, gamma 2 in every resource); null for the order of {@code nodes}
 */
public record SimResourceSpec(String name, List<String> nodes, List<String> clients, List<Integer> minors,
        List<Long> sizesKiB, int port, char protocol, boolean allowTwoPrimaries, long resyncRateKiBps,
        String verifyAlg, String quorum, List<String> ids) {

    public SimResourceSpec(String name, List<String> nodes, List<String> clients, List<Integer> minors,
            List<Long> sizesKiB, int port, char protocol, boolean allowTwoPrimaries, long resyncRateKiBps,
            String verifyAlg, String quorum) {
        this(name, nodes, clients, minors, sizesKiB, port, protocol, allowTwoPrimaries, resyncRateKiBps, verifyAlg,
                quorum, null);
    }

    public SimResourceSpec {
        ids = ids == null ? List.copyOf(nodes) : List.copyOf(ids);
        nodes = List.copyOf(nodes);
        clients = List.copyOf(clients);
        minors = List.copyOf(minors);
        sizesKiB = List.copyOf(sizesKiB);
        if (minors.size() != sizesKiB.size() || minors.isEmpty()) {
            throw new IllegalArgumentException("one minor and one size per volume");
        }
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("a resource needs two nodes at least");
        }
    }

    /** A two-node, one-volume resource like the lab's r0. */
    public static SimResourceSpec simple(String name, int minor, long sizeKiB, String a, String b) {
        return new SimResourceSpec(name, List.of(a, b), List.of(), List.of(minor), List.of(sizeKiB), 7789 + minor,
                'C', false, 40 * 1024, null, "off");
    }

    public int volumes() {
        return minors.size();
    }

    public boolean isClient(String node) {
        return clients.contains(node);
    }

    /** The node's id: its place in the cluster's node order (so beta is 1 in every resource it is in). */
    public int nodeId(String node) {
        if (ids.size() <= SHORT_ORDER) {
            return ids.indexOf(node);
        }
        Order o = lastOrder; // the specs of one cluster share its order's list: it is indexed once, not scanned
        if (o == null || o.ids != ids) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = ids.size() - 1; i >= 0; i--) {
                index.put(ids.get(i), i);
            }
            o = new Order(ids, index);
            lastOrder = o;
        }
        return o.index.getOrDefault(node, -1);
    }

    /** Up to this many nodes a scan is as quick as an index. */
    private static final int SHORT_ORDER = 8;
    /** The last long node order asked about, with its index (thread-safe: an Order is immutable). */
    private static volatile Order lastOrder;

    private record Order(List<String> ids, Map<String, Integer> index) {
    }

    /** The same resource with other options, as an admin edits them in the file (the topology stays). */
    public SimResourceSpec withOptions(char newProtocol, boolean newAllowTwoPrimaries, long newRateKiBps,
            String newVerifyAlg) {
        return new SimResourceSpec(name, nodes, clients, minors, sizesKiB, port, newProtocol, newAllowTwoPrimaries,
                newRateKiBps, newVerifyAlg, quorum, ids);
    }

    /** The same resource at other sizes (after {@code drbdadm resize}). */
    SimResourceSpec withSizes(List<Long> newSizesKiB) {
        return new SimResourceSpec(name, nodes, clients, minors, newSizesKiB, port, protocol, allowTwoPrimaries,
                resyncRateKiBps, verifyAlg, quorum, ids);
    }

    /** The same resource, numbering its nodes by the cluster's order. */
    SimResourceSpec withIds(List<String> clusterNodes) {
        return new SimResourceSpec(name, nodes, clients, minors, sizesKiB, port, protocol, allowTwoPrimaries,
                resyncRateKiBps, verifyAlg, quorum, clusterNodes);
    }
}
