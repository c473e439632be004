// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.time.Instant;

/**
 * The state of the SSH session to a node, as callers see it (not DRBD's connection state, which is {@code
 * drbd.model.ConnectionState}).
 *
 * @param kind   what it is
 * @param since  when it became so
 * @param reason for DOWN, AUTH_FAILED and HOSTKEY_REJECTED: why, in words; else empty
 */
public record SessionState(Kind kind, Instant since, String reason) {

    /** The states. AUTH_FAILED and HOSTKEY_REJECTED need the user: no automatic retry. */
    public enum Kind { CONNECTING, UP, DOWN, AUTH_FAILED, HOSTKEY_REJECTED, CLOSED }

    public boolean needsUser() {
        return kind == Kind.AUTH_FAILED || kind == Kind.HOSTKEY_REJECTED;
    }
}
