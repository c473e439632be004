// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Live state, third in the pipeline: a monitor per cluster that follows every node's events2 stream (or polls
 * /proc/drbd), merges the nodes' views, keeps the history of changes and raises findings.
 */
package io.drbdpilot.cluster;
