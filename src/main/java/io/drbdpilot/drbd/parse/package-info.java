// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Parsers of DRBD's outputs (/proc/drbd from 0.7 to 9, events2, status text and JSON, dump-xml, versions,
 * refusals, kernel log). Each throws only ParseException and reads what can be read.
 */
package io.drbdpilot.drbd.parse;
