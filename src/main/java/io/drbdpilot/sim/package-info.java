// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * A simulated DRBD cluster (8.4 and 9) that answers the same commands as the real lab, to the character where
 * the captures show it, served over real SSH for the demo and the tests.
 */
package io.drbdpilot.sim;
