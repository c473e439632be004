// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Resolving a split brain: every node's {@link io.drbdpilot.ops.splitbrain.Evidence} (state, generations, kernel lines,
 * what each side changed, users, policies), the {@link io.drbdpilot.ops.splitbrain.SplitBrainChecks}, and
 * {@link io.drbdpilot.ops.splitbrain.SplitBrain}'s plan (the victim demoted, saved if asked, StandAlone, connected
 * discarding its data; the survivor connected again; the resync verified from both sides).
 */
package io.drbdpilot.ops.splitbrain;
