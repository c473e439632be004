// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The UI's one task runner ({@link io.drbdpilot.ui.task.UiTasks}): work off the UI thread and back, owned and ended
 * together when the app stops. Depends on no other UI package.
 */
package io.drbdpilot.ui.task;
