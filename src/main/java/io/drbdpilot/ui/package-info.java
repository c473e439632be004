// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The JavaFX window, last in the pipeline: it shows the monitor's state and drives the engine's plans; nothing
 * below it knows it exists.
 */
package io.drbdpilot.ui;
