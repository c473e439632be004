// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The command line (picocli): status, watch, inspect, import, switchover, migrate and sim, with the exit codes
 * scripts rely on.
 */
package io.drbdpilot.cli;
