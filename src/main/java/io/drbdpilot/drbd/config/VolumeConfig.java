// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.config;

/** A volume of a resource on one host: {@code /dev/drbdN} over a backing disk. */
public record VolumeConfig(int volume, Integer minor, String device, String disk, String metaDisk) {
}
