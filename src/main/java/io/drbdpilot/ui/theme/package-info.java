// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Light and dark themes, read by every view.
 */
package io.drbdpilot.ui.theme;
