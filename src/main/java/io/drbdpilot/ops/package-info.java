// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The FX-free operations engine, beside cluster: plans with checks, locks, dry run, audit, steps that re-read
 * their preconditions and verify their result, and rollback; the switchover and the migration are built on it.
 */
package io.drbdpilot.ops;
