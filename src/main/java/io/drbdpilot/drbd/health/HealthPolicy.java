// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.health;

import java.time.Duration;

/**
 * Thresholds for findings that depend on time.
 *
 * @param transientThreshold a handshake state (WFBitMap*, WFSyncUUID, StartingSync*) held longer is stuck
 * @param noProgressThreshold a resync that shows no progress for longer is reported
 */
public record HealthPolicy(Duration transientThreshold, Duration noProgressThreshold) {

    public static HealthPolicy defaults() {
        return new HealthPolicy(Duration.ofSeconds(30), Duration.ofMinutes(5));
    }
}
