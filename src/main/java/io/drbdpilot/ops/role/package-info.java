// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Changing a node's role, the building blocks every role-moving operation shares: demote, promote and re-promote
 * ({@link io.drbdpilot.ops.role.RoleSteps}), each re-reading the pair fresh before it acts
 * ({@link io.drbdpilot.ops.role.PairChecks}).
 */
package io.drbdpilot.ops.role;
