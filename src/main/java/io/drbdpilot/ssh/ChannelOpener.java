// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.nio.file.Path;

/**
 * Opens the channel to a node named as the settings name it ({@code user@host:port} or an ssh_config alias): over
 * SSH it is the {@link SessionFactory}; in process it is the simulator's.
 */
public interface ChannelOpener {

    /** Resolves a target as the channel would (for showing and checking what it means). */
    SshTarget resolve(String spec);

    /** A channel to one node; not connected yet. */
    NodeChannel open(String spec);

    /**
     * The same opener with a cluster's own SSH files: {@code identity} offered before every other key, host keys
     * checked against and recorded in {@code knownHosts}; a null argument keeps this opener's. In process (the
     * simulator) there are no such files, and the opener is returned as it is.
     */
    default ChannelOpener withFiles(Path identity, Path knownHosts) {
        return this;
    }
}
