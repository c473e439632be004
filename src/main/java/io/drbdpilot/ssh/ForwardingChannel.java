// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.time.Duration;
import java.util.function.Consumer;

/** A node's channel that hands every call to another; a subclass changes what it needs (records, counts). */
public abstract class ForwardingChannel implements NodeChannel {

    private final NodeChannel inner;

    protected ForwardingChannel(NodeChannel inner) {
        this.inner = inner;
    }

    protected NodeChannel inner() {
        return inner;
    }

    @Override
    public SshTarget target() {
        return inner.target();
    }

    @Override
    public SessionState state() {
        return inner.state();
    }

    @Override
    public void addListener(Consumer<SessionState> listener) {
        inner.addListener(listener);
    }

    @Override
    public void connect() throws SshException {
        inner.connect();
    }

    @Override
    public CommandResult run(RemoteCommand command, Duration timeout) throws SshException {
        return inner.run(command, timeout);
    }

    @Override
    public StreamHandle stream(RemoteCommand command, Consumer<String> onLine) throws SshException {
        return inner.stream(command, onLine);
    }

    @Override
    public void close() {
        inner.close();
    }
}
