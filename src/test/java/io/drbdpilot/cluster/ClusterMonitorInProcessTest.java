// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.sim.SimChannels;
import io.drbdpilot.ssh.NodeChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The same monitor tests with the simulator in process ({@link SimChannels}): no SSH server, no keys; what the
 * monitor reads, the faults and their effect are the same as over SSH.
 */
class ClusterMonitorInProcessTest extends ClusterMonitorSimTest {

    @Override
    Map<String, NodeChannel> channels() {
        SimChannels c = new SimChannels(sim);
        Map<String, NodeChannel> out = new LinkedHashMap<>();
        for (String n : new String[] {"alpha", "beta"}) {
            out.put(n, c.open(n));
        }
        return out;
    }
}
