// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The main window: menus, the workspace pane, the status bar, quitting safely while a plan runs.
 */
package io.drbdpilot.ui.main;
