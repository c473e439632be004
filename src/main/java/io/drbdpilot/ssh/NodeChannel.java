// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The way to one node: run a command, stream one, and the state of the way there. Over SSH it is a
 * {@link NodeSession}; tests and the simulator may provide one in process. The monitor and the engine know only
 * this.
 */
public interface NodeChannel extends AutoCloseable {

    /** Who and where the node is, as resolved (its name is the node's name in messages). */
    SshTarget target();

    SessionState state();

    /** Receives every state change; add before {@link #connect}. */
    void addListener(Consumer<SessionState> listener);

    /** Connects now if not connected (after AUTH_FAILED or HOSTKEY_REJECTED: the user's explicit retry). */
    void connect() throws SshException;

    /** Runs a command and waits for it, at most {@code timeout}. */
    CommandResult run(RemoteCommand command, Duration timeout) throws SshException;

    /** Starts a long-running command whose stdout arrives line by line on a thread of its own. */
    StreamHandle stream(RemoteCommand command, Consumer<String> onLine) throws SshException;

    @Override
    void close();
}
