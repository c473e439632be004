// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * {@code drbd-pilot inspect}: reads captured DRBD output of any supported format or a lab capture, and reports
 * state, findings and history.
 */
package io.drbdpilot.drbd.inspect;
