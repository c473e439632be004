// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * DRBD's states as immutable values: roles, disk, connection and replication states (with DRBD's own spelling
 * kept), resources, devices and peers.
 */
package io.drbdpilot.drbd.model;
