// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * What is wrong with a state, in words, with the next step: findings with a severity, and what blocks a
 * promotion.
 */
package io.drbdpilot.drbd.health;
