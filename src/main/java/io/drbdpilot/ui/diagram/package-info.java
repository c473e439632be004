// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The resource diagrams and the cluster map, drawn from the monitor's topology.
 */
package io.drbdpilot.ui.diagram;
