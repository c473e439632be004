// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Resync control: what a resync is doing and why it waits, in words ({@link io.drbdpilot.ops.resync.ResyncReport});
 * pause, resume, a temporary rate on the SyncTarget and its reset, as plans on the engine
 * ({@link io.drbdpilot.ops.resync.ResyncControl}).
 */
package io.drbdpilot.ops.resync;
