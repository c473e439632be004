// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Configuration operations: where the files and the kernel disagree (drift between nodes, and between a node's file
 * and what its kernel runs), and a previewed {@code drbdadm adjust} on the engine. The files are never written.
 */
package io.drbdpilot.ops.config;
