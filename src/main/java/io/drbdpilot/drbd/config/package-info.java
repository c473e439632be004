// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * A resource's configuration as {@code drbdadm dump-xml} gives it: hosts, addresses, options.
 */
package io.drbdpilot.drbd.config;
