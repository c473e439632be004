// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.util.List;

/**
 * One refusal read from a DRBD command's stderr.
 *
 * @param object          what refused: a minor ({@code 0}), a resource, or {@code ??}
 * @param code            DRBD's code, e.g. -12 or 139
 * @param text            DRBD's own words
 * @param stateChange     true for {@code State change failed}, false for a configuration {@code Failure}
 * @param openers         DRBD 9's list of who holds the device open, empty otherwise
 * @param command         the drbdsetup command line drbdadm reported, or null
 * @param commandExitCode its exit code, or null
 */
public record Refusal(String object, int code, RefusalReason reason, String text, boolean stateChange,
        List<Opener> openers, String command, Integer commandExitCode) {

    public Refusal {
        openers = List.copyOf(openers);
    }

    public boolean retryable() {
        return reason.retryable();
    }

    /** A process holding a DRBD device open, from DRBD 9's "list of openers". */
    public record Opener(String device, String command, int pid, String since) {
    }
}
