// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Resources that drbd-reactor's promoter manages: its state on every node (the snippet, the units it starts, where it
 * is active, which node it prefers) and the move handed to it ({@code drbd-reactorctl evict}), followed to its result.
 */
package io.drbdpilot.ops.reactor;
