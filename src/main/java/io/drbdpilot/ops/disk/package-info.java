// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Replacing a failed backing disk: the checks that a good copy lives elsewhere and that the new device is the one
 * meant ({@link io.drbdpilot.ops.disk.DiskChecks}), and the plan: detach, new metadata on the new device only, attach,
 * the full resync from the good node ({@link io.drbdpilot.ops.disk.ReplaceDisk}).
 */
package io.drbdpilot.ops.disk;
