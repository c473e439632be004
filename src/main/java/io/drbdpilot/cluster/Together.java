// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Small reads sent at once over a node's channels: one round trip instead of one each. */
final class Together {

    private Together() {
    }

    /** Runs small commands at the same time over the session's channels and returns their results in order. */
    static CommandResult[] run(NodeChannel session, Duration timeout, RemoteCommand... commands)
            throws SshException, InterruptedException {
        CommandResult[] out = new CommandResult[commands.length];
        try (var together = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CommandResult>> futures = new ArrayList<>();
            for (RemoteCommand c : commands) {
                futures.add(together.submit(() -> session.run(c, timeout)));
            }
            for (int i = 0; i < out.length; i++) {
                try {
                    out[i] = futures.get(i).get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SshException s) {
                        throw s;
                    }
                    throw new IllegalStateException("reading " + commands[i] + " on " + session.target().name() + " failed", e.getCause());
                }
            }
        }
        return out;
    }
}
