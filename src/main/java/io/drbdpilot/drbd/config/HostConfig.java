// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.config;

import java.util.List;

/**
 * One host's part of a resource. {@code name} is the DRBD host name ({@code uname -n}), which is not the SSH address.
 *
 * @param nodeId  DRBD 9 node id, null for 8.4
 * @param address replication address, e.g. {@code ipv4 10.99.0.11:7789}
 */
public record HostConfig(String name, Integer nodeId, String addressFamily, String address, Integer port,
        List<VolumeConfig> volumes) {

    public HostConfig {
        volumes = List.copyOf(volumes);
    }
}
