// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.node;

import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import io.drbdpilot.ssh.StreamHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How the engine reaches the nodes: commands, long-running channels (the lock), and waiting for the cluster to change.
 * Over SSH sessions in the app and the CLI ({@link SshNodeAccess}); straight into the simulator, with a fake clock, in
 * the engine's tests.
 */
public interface NodeAccess {

    /** Runs one command and waits for it. Throws when the node cannot be reached or the channel is lost. */
    CommandResult run(String node, RemoteCommand command, Duration timeout) throws SshException;

    /** Starts a long-running command; its stdout arrives line by line. */
    StreamHandle stream(String node, RemoteCommand command, Consumer<String> onLine) throws SshException;

    /**
     * Waits until the cluster may have changed (the monitor saw an event), at most {@code max}. With a fake clock this
     * is where simulated time passes.
     */
    void awaitChange(Duration max) throws InterruptedException;

    Clock clock();

    /** How a person would log in to the node, for the dry-run script: {@code ssh -p 2221 root@10.0.0.1}. */
    String sshCommand(String node);

    /**
     * The node the monitor last saw Primary for the resource, as a hint for where to look first; null when unknown.
     * The checks confirm it fresh before anything runs.
     */
    default String primaryHint(String res) {
        return null;
    }

    /** Whether the login is root (commands then run without sudo). */
    boolean isRoot(String node);
}
