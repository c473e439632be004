// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Startup: picks the window or the command line, sets up logging and the app's directories, and wires the demo
 * cluster when nothing is configured. The only place that knows every other package.
 */
package io.drbdpilot.app;
