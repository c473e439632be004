// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/**
 * The DRBD kernel module's version, from the {@code /proc/drbd} header.
 *
 * @param version    e.g. {@code 8.4.11}; null in some ancient 8.0 outputs that lack the line
 * @param api        e.g. {@code 1}
 * @param proto      e.g. {@code 86-101}
 * @param gitHash    for LINBIT-built modules
 * @param srcVersion for distribution (in-tree) builds
 * @param build      the {@code build by ...} text, if any
 * @param compat84   a DRBD 9.3 resource in 8.4 compatibility mode
 */
public record KernelVersion(String version, String api, String proto, String gitHash, String srcVersion,
        String build, boolean compat84) {

    /** The major version (0, 8 or 9), or -1 when unknown. */
    public int major() {
        if (version == null) {
            return -1;
        }
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
