// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The transport, first in the pipeline (ssh → drbd → cluster / ops → ui): one multiplexed session per node, argv
 * quoted in one place, host keys checked as OpenSSH checks them, output bounded. Knows nothing of DRBD
 * (ArchitectureTest).
 */
package io.drbdpilot.ssh;
