// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Moving the Primary role: {@link io.drbdpilot.ops.switchover.Preflight} checks, then
 * {@link io.drbdpilot.ops.switchover.Switchover} builds the plan (stop users, demote the source, re-verify, promote
 * the target, start users) on the engine in {@link io.drbdpilot.ops.plan}.
 */
package io.drbdpilot.ops.switchover;
