// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.ConnState84;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.Reported;
import io.drbdpilot.drbd.model.ResyncProgress;
import io.drbdpilot.drbd.model.Role;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One minor's entry in {@code /proc/drbd}, as printed (8.x and 0.7). {@link Drbd84Mapping} turns it into the common
 * model.
 *
 * @param peerRole   null for {@code cs:Unconfigured}
 * @param peerDisk   null for 0.7 ({@code ld:} is the local disk only) and {@code cs:Unconfigured}
 * @param protocol   {@code A}, {@code B}, {@code C}, or null when there is no net config (StandAlone)
 * @param flags      the I/O flags ({@code r-----}), or null
 * @param counters   {@code ns}, {@code nr}, ..., {@code oos} in printed order; values as printed
 * @param progress   the resync/verify lines, when present
 * @param extraLines indented lines this parser does not interpret (proc_details output, lru stats)
 */
public record ProcDevice(int minor, Reported<ConnState84> cs, Reported<Role> role, Reported<Role> peerRole,
        Reported<DiskState> disk, Reported<DiskState> peerDisk, Character protocol, String flags,
        Map<String, String> counters, ResyncProgress progress, List<String> extraLines) {

    public ProcDevice {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        extraLines = List.copyOf(extraLines);
    }

    public boolean unconfigured() {
        return cs.is(ConnState84.UNCONFIGURED);
    }

    /** A counter as a number, or null when absent or not numeric. */
    public Long counter(String key) {
        String v = counters.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Flag 1: {@code s} = I/O suspended. */
    public boolean ioSuspended() {
        return flags != null && !flags.isEmpty() && flags.charAt(0) == 's';
    }

    /** Flags 2-4 ({@code a}, {@code p}, {@code u}) as DRBD 9's resync-suspended reasons, or {@code no}. */
    public String resyncSuspended() {
        if (flags == null || flags.length() < 4) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (flags.charAt(1) == 'a') {
            sb.append("dependency,");
        }
        if (flags.charAt(2) == 'p') {
            sb.append("peer,");
        }
        if (flags.charAt(3) == 'u') {
            sb.append("user,");
        }
        return sb.isEmpty() ? "no" : sb.substring(0, sb.length() - 1);
    }

    /** Flag 6: {@code s} = activity-log updates suspended. */
    public Boolean alSuspended() {
        return flags == null || flags.length() < 6 ? null : flags.charAt(5) == 's';
    }
}
