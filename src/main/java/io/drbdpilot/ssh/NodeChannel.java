// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    /**
     * Runs small commands together and returns their results in order; the whole takes at most {@code timeout}. Here
     * they run at the same time, each on its own; over SSH they share one channel ({@link NodeSession}).
     */
    default CommandResult[] runAll(Duration timeout, RemoteCommand... commands) throws SshException {
        CommandResult[] out = new CommandResult[commands.length];
        try (var together = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CommandResult>> futures = new ArrayList<>();
            for (RemoteCommand c : commands) {
                futures.add(together.submit(() -> run(c, timeout)));
            }
            for (int i = 0; i < out.length; i++) {
                try {
                    out[i] = futures.get(i).get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SshException s) {
                        throw s;
                    }
                    throw new IllegalStateException("reading " + commands[i] + " on " + target().name()
                            + " failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SshException("interrupted while '" + commands[i] + "' ran on " + target().name());
                }
            }
        }
        return out;
    }

    /** Starts a long-running command whose stdout arrives line by line on a thread of its own. */
    StreamHandle stream(RemoteCommand command, Consumer<String> onLine) throws SshException;

    @Override
    void close();
}
