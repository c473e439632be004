// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A node's channel whose every command goes into a {@link CommandJournal}; otherwise the channel it wraps. */
public final class JournaledChannel extends ForwardingChannel {

    private final CommandJournal journal;
    private final String node;

    /** @param node the node's name as the operator knows it (the cluster's), which the journal shows */
    public JournaledChannel(NodeChannel inner, CommandJournal journal, String node) {
        super(inner);
        this.journal = journal;
        this.node = node;
    }

    @Override
    public CommandResult run(RemoteCommand command, Duration timeout) throws SshException {
        long t0 = System.nanoTime();
        try {
            CommandResult r = inner().run(command, timeout);
            journal.record(node, sent(command), r, r.ok() ? "" : "exit " + r.exitCode(), since(t0));
            return r;
        } catch (SshException e) {
            journal.record(node, sent(command), null, "not finished: " + e.getMessage(), since(t0));
            throw e;
        }
    }

    @Override
    public StreamHandle stream(RemoteCommand command, Consumer<String> onLine) throws SshException {
        long t0 = System.nanoTime();
        try {
            StreamHandle h = inner().stream(command, onLine);
            journal.record(node, sent(command), null, "stream started", since(t0));
            long started = System.nanoTime();
            h.ended().thenAccept(end -> journal.record(node, sent(command),
                    end.exitCode() == null ? null : new CommandResult(end.exitCode(), "", end.detail() == null ? ""
                            : end.detail(), since(started)), "stream ended: " + end.reason(), since(started)));
            return h;
        } catch (SshException e) {
            journal.record(node, sent(command), null, "not started: " + e.getMessage(), since(t0));
            throw e;
        }
    }

    private List<String> sent(RemoteCommand command) {
        return command.effectiveArgv(target().isRoot());
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
