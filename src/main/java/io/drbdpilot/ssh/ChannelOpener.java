// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

/**
 * Opens the channel to a node named as the settings name it ({@code user@host:port} or an ssh_config alias): over
 * SSH it is the {@link SessionFactory}; in process it is the simulator's.
 */
public interface ChannelOpener {

    /** Resolves a target as the channel would (for showing and checking what it means). */
    SshTarget resolve(String spec);

    /** A channel to one node; not connected yet. */
    NodeChannel open(String spec);
}
