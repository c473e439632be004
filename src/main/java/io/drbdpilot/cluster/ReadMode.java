// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.model.KernelVersion;
import io.drbdpilot.drbd.model.UtilsVersion;

/**
 * How a node is read, chosen from its kernel and utils versions (drbd-reference, "Version detection recipe"):
 * events2 needs kernel 8.4.6+ with drbd-utils 8.9.3+; DRBD 9 also takes {@code --poll} for fresh counters, while
 * 8.4's {@code drbdsetup-84} refuses it, so 8.4 reads resync speed, ETA and flags from {@code /proc/drbd}.
 */
public enum ReadMode {
    /** DRBD 9: one {@code events2 --poll} stream, with a periodic {@code n} for fresh statistics. */
    EVENTS2_POLL("events2 --poll"),
    /** 8.4.6+: one events2 stream, plus {@code /proc/drbd} once a second while a resync runs. */
    EVENTS2_PROC("events2 + /proc/drbd"),
    /** Older kernels or utils: {@code /proc/drbd} polled. */
    PROC("/proc/drbd polling");

    private final String label;

    ReadMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * @param kernel from the {@code /proc/drbd} header, or null when unreadable
     * @param utils  from {@code drbdadm --version}, or null
     */
    public static ReadMode choose(KernelVersion kernel, UtilsVersion utils) {
        int[] k = numbers(kernel != null && kernel.version() != null ? kernel.version()
                : utils != null ? utils.kernelVersion() : null);
        if (k == null) {
            return EVENTS2_PROC; // no module loaded yet: events2 says so, and shows resources once it is
        }
        if (k[0] >= 9) {
            return EVENTS2_POLL;
        }
        boolean kernelOk = compare(k, new int[] {8, 4, 6}) >= 0;
        int[] u = utils == null ? null : numbers(utils.utilsVersion());
        boolean utilsOk = u == null || compare(u, new int[] {8, 9, 3}) >= 0;
        return kernelOk && utilsOk ? EVENTS2_PROC : PROC;
    }

    /** "8.4.11-1" → {8, 4, 11}; null when not a version. */
    static int[] numbers(String version) {
        if (version == null || version.isBlank()) {
            return null;
        }
        String[] parts = version.strip().split("[.\\-+~]");
        int[] out = new int[3];
        try {
            for (int i = 0; i < 3 && i < parts.length; i++) {
                out[i] = Integer.parseInt(parts[i].replaceAll("[^0-9].*$", ""));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
