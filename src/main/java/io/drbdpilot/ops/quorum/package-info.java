// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * DRBD 9: a Primary that lost quorum, explained (which peers it cannot see, who uses its device) and recovered with a
 * forced demotion ({@code drbdadm secondary --force}, DRBD 9.1.7 and drbd-utils 9.21 or later), before the
 * switchover to a node that has quorum.
 */
package io.drbdpilot.ops.quorum;
