// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

/**
 * A node of a cluster as the user configured it.
 *
 * @param name   what the app calls it
 * @param target {@code user@host:port} or an ssh-config alias
 * @param sudo   run the DRBD tools through {@code sudo -n} (for a non-root login)
 */
public record NodeSettings(String name, String target, boolean sudo) {
}
