// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * What uses a DRBD device: discovery of VMs, services and mounts ({@link io.drbdpilot.ops.workload.Workloads}) and
 * the steps that stop and start them ({@link io.drbdpilot.ops.workload.UserSteps}).
 */
package io.drbdpilot.ops.workload;
