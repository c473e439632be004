// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The connection manager: clusters, nodes, SSH targets, tests and imports, and the host key and password
 * prompts.
 */
package io.drbdpilot.ui.connect;
