// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.util.Map;

/**
 * One volume of a resource on this node. Boxed fields are null when the source does not report them (8.4 has no
 * {@code open} or {@code quorum}, for example).
 *
 * @param client true for an intentionally diskless DRBD 9 client
 * @param open   someone holds the device open
 * @param quorum DRBD 9 quorum of this volume
 * @param extra  every key the source reported that has no field here, as text
 */
public record DeviceState(int volume, int minor, Reported<DiskState> disk, Boolean client, Boolean open,
        Boolean quorum, String backingDev, String blocked, DeviceStats stats, Map<String, String> extra) {

    public DeviceState {
        extra = Map.copyOf(extra);
    }

    public String devicePath() {
        return "/dev/drbd" + minor;
    }
}
