// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Reaching the nodes: {@link io.drbdpilot.ops.node.NodeAccess} runs a command on a node (over the monitor's SSH
 * sessions: {@link io.drbdpilot.ops.node.SshNodeAccess}; in tests: the simulator); {@link io.drbdpilot.ops.node.Probe}
 * asks the facts a check needs (users, cluster managers, running options) and {@link io.drbdpilot.ops.node.NodeRead}
 * is one fresh read of a node's DRBD state. {@link io.drbdpilot.ops.node.RemoteOutput} reads what nodes print, and
 * {@link io.drbdpilot.ops.node.WorkloadCommands} builds the argv of virsh, systemctl and the cluster managers.
 */
package io.drbdpilot.ops.node;
