// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/**
 * Progress of a resync or an online verify. Null components were not reported by the source.
 *
 * @param percent       done, 0-100 (8.4's /proc rounds: it prints 100.0% while KiB are still left)
 * @param leftKiB       still to go
 * @param totalKiB      the whole amount
 * @param speedKiBps    recent speed
 * @param avgSpeedKiBps average since the start
 * @param wantKiBps     the configured target rate (only shown on SyncTarget and VerifyS)
 * @param etaSeconds    estimated time left
 * @param stalled       the kernel says no progress for 180 s or more
 * @param verify        an online verify rather than a resync
 */
public record ResyncProgress(Double percent, Long leftKiB, Long totalKiB, Long speedKiBps, Long avgSpeedKiBps,
        Long wantKiBps, Long etaSeconds, boolean stalled, boolean verify) {

    public static ResyncProgress ofPercent(double percent) {
        return new ResyncProgress(percent, null, null, null, null, null, null, false, false);
    }
}
