// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The FX-free operations, beside cluster. {@code plan} is the engine (checks, locks, dry run, audit, steps that
 * re-read their preconditions and verify their result, rollback) and {@code node} reaches the nodes; each operation
 * is a sibling package that builds its plan on them: {@code switchover}, {@code migration}, {@code splitbrain},
 * {@code verify}, with the shared building blocks {@code role} (demote, promote) and {@code workload} (what uses a
 * device, stopped and started).
 */
package io.drbdpilot.ops;
