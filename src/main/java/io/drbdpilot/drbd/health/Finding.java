// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.health;

/**
 * Something an operator should know about a resource, in plain words, with the next step.
 *
 * @param volume null when it concerns the whole resource
 * @param peer   the peer's connection name when it concerns one peer, else null
 */
public record Finding(Severity severity, FindingKind kind, String resource, Integer volume, String peer,
        String explanation, String nextStep) {
}
