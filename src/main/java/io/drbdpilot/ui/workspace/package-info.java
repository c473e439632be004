// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * A cluster's workspace: the navigator, overview, details, timeline, raw output and workloads panels.
 */
package io.drbdpilot.ui.workspace;
