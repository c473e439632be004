// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The wizards that run plans (switchover, migration): checks, plan, confirmation, run with progress, result.
 */
package io.drbdpilot.ui.wizard;
