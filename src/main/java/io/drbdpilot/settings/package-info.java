// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The user's settings and files: JSON settings saved atomically and merged under a lock, owner-only files and
 * directories.
 */
package io.drbdpilot.settings;
