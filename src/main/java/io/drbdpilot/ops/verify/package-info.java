// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Online verify: {@link io.drbdpilot.ops.verify.VerifyChecks}, {@link io.drbdpilot.ops.verify.Verify}'s plan (the
 * verify, its end, the kernel's findings, an optional resync from the good side) and the runs' history
 * ({@link io.drbdpilot.ops.verify.VerifyHistory}).
 */
package io.drbdpilot.ops.verify;
