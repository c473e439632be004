// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/** A network path to a peer, with DRBD's address notation ({@code ipv4:10.0.0.1:7000}). */
public record PathState(String local, String peer, Boolean established) {
}
