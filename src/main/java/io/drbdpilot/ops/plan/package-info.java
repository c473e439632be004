// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The engine every operation runs on: a plan is checks ({@link io.drbdpilot.ops.plan.Check}), a lock on each node
 * ({@link io.drbdpilot.ops.plan.ResourceLock}), a dry run ({@link io.drbdpilot.ops.plan.PlanScript}), and steps
 * ({@link io.drbdpilot.ops.plan.Step}) that re-read their preconditions and verify their result, run with rollback by
 * {@link io.drbdpilot.ops.plan.PlanExecutor} and written to the {@link io.drbdpilot.ops.plan.Audit}. A running plan's
 * shared context is {@link io.drbdpilot.ops.plan.Run}; it times any dual-primary window it sees
 * ({@link io.drbdpilot.ops.plan.DualWindow}). Knows no particular operation.
 */
package io.drbdpilot.ops.plan;
