// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

/**
 * One {@code ### [time] host$ command} section of a lab-style capture.
 *
 * @param host      the host (with a user, {@code admin@alpha}, when the capture names one)
 * @param time      the {@code hh:mm:ss} stamp, or null
 * @param command   the command as written
 * @param output    what it printed
 * @param exitCode  from the {@code [exit N]} line, or null
 * @param firstLine the 1-based line number where {@link #output} starts in the file
 */
public record CaptureSection(String host, String time, String command, String output, Integer exitCode,
        int firstLine) {

    /** The host without a login user. */
    public String node() {
        int at = host.indexOf('@');
        return at < 0 ? host : host.substring(at + 1);
    }
}
