// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/** A state enum whose constants have DRBD's own spelling, e.g. {@code UpToDate}. */
public interface DrbdName {
    String drbdName();
}
