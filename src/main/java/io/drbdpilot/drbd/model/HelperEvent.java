// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.time.OffsetDateTime;

/**
 * A user-mode helper call the kernel made, e.g. {@code split-brain} or {@code before-resync-source}: from an events2
 * {@code call}/{@code response helper} line, or a kernel log line {@code helper command: /sbin/drbdadm split-brain}.
 *
 * @param time   when, if known
 * @param status the helper's exit status for a response, else null
 */
public record HelperEvent(OffsetDateTime time, String resource, Integer volume, String peer, String helper,
        Integer status, boolean response) {

    public boolean isSplitBrain() {
        return "split-brain".equals(helper) || "initial-split-brain".equals(helper);
    }
}
