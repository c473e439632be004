// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/** Counters of a local device (KiB for sizes). Null where the source does not report them. */
public record DeviceStats(Long sizeKiB, Long readKiB, Long writtenKiB, Long alWrites, Long bmWrites,
        Long upperPending, Long lowerPending, Boolean alSuspended) {
}
