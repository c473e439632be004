// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.time.Instant;

/**
 * The state of a node's connection, as callers see it.
 *
 * @param kind   what it is
 * @param since  when it became so
 * @param reason for DOWN, AUTH_FAILED and HOSTKEY_REJECTED: why, in words; else empty
 */
public record ConnectionState(Kind kind, Instant since, String reason) {

    /** The states. AUTH_FAILED and HOSTKEY_REJECTED need the user: no automatic retry. */
    public enum Kind { CONNECTING, UP, DOWN, AUTH_FAILED, HOSTKEY_REJECTED, CLOSED }

    public boolean needsUser() {
        return kind == Kind.AUTH_FAILED || kind == Kind.HOSTKEY_REJECTED;
    }
}
