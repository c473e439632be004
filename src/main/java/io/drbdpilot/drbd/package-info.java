// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * DRBD itself, second in the pipeline: its states as types (model), the parsers of what its tools print (parse),
 * the configuration (config), typed commands (command), findings (health) and the offline reader (inspect).
 * Depends on nothing above it.
 */
package io.drbdpilot.drbd;
