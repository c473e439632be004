// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Moving a VM or service with its disks: {@link io.drbdpilot.ops.migration.MigrationChecks}, then
 * {@link io.drbdpilot.ops.migration.Migration}'s plan: a stop-and-start move, or a live migration through a timed
 * dual-primary window ({@link io.drbdpilot.ops.migration.MigrationSteps}, {@link io.drbdpilot.ops.migration.VmSteps}).
 */
package io.drbdpilot.ops.migration;
