// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Typed DRBD and system commands: argv lists built from validated names, never strings from a node.
 */
package io.drbdpilot.drbd.command;
