// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import io.drbdpilot.ssh.SessionState.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH session to one node, shared by every command to it. Channels are capped (OpenSSH allows 10 per session by
 * default); the excess waits its turn. Keepalives find a dead peer within twice the interval; the session then
 * reconnects with exponential backoff and jitter, and callers follow the state through {@link #addListener}.
 * Thread-safe; blocking methods must not be called on the UI thread.
 */
public final class NodeSession implements NodeChannel {

    private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);
    private static final Duration BACKOFF_START = Duration.ofMillis(500);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(60);
    /** How long a command waits for a free channel before it fails (a slot held by a stuck command must not hang all). */
    static final Duration CHANNEL_WAIT = Duration.ofSeconds(60);

    private final SshTarget target;
    private final SshConnector connector;
    private final Semaphore channels;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final List<Consumer<SessionState>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Object connecting = new Object();
    /** Connect attempts ended, and how the last one failed (null: it did not); written holding {@code connecting}. */
    private volatile long attemptsEnded;
    private volatile SshException lastFailure;
    private SshConnector.Connection connection;
    private volatile SessionState state;
    private int failures;
    private ScheduledFuture<?> reconnect;
    private volatile boolean closed;

    public NodeSession(SshTarget target, SshConnector connector, int maxChannels, Clock clock) {
        this.target = target;
        this.connector = connector;
        this.channels = new Semaphore(maxChannels, true);
        this.clock = clock;
        this.state = new SessionState(Kind.DOWN, clock.instant(), "not connected yet");
        // Virtual threads: a cluster of 200 nodes would otherwise hold hundreds of OS threads (and their stacks)
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("ssh-" + target.name())
                .factory());
        long checkMs = Math.max(200, Math.min(1000, target.serverAliveInterval().toMillis() / 2));
        scheduler.scheduleWithFixedDelay(this::watch, checkMs, checkMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public SshTarget target() {
        return target;
    }

    @Override
    public SessionState state() {
        return state;
    }

    /** Receives every state change (on the session's own thread or the caller's); add before {@link #connect}. */
    @Override
    public void addListener(Consumer<SessionState> listener) {
        listeners.add(listener);
    }

    /**
     * Connects now if not connected. After AUTH_FAILED or HOSTKEY_REJECTED this tries again: that is the user's
     * explicit retry.
     */
    @Override
    public void connect() throws SshException {
        connection();
    }

    /**
     * Runs small commands one after the other in one channel ({@link Batch}): an sshd starts a session for every
     * channel, which on a slow node costs more than the reads. Output that is not what the batch prints (a login shell
     * without printf, say) is not guessed at: the commands then run apart, each in its own channel.
     */
    @Override
    public CommandResult[] runAll(Duration timeout, RemoteCommand... commands) throws SshException {
        String nonce = Batch.nonce();
        CommandResult whole = run(RemoteCommand.of("sh", "-c", Batch.script(List.of(commands), target.isRoot(),
                nonce)), timeout);
        CommandResult[] out = Batch.split(whole, commands.length, nonce);
        if (out == null) {
            LOG.warn("node={}: the batch of {} reads printed what it should not (exit {}); running them apart",
                    target.name(), commands.length, whole.exitCode());
            return NodeChannel.super.runAll(timeout, commands);
        }
        for (int i = 0; i < out.length; i++) {
            ExecChannel.checkSudo(target, commands[i], out[i]);
        }
        return out;
    }

    /** Runs a command and waits for it, at most {@code timeout}. */
    @Override
    public CommandResult run(RemoteCommand command, Duration timeout) throws SshException {
        String shell = command.toShell(target.isRoot());
        long start = System.nanoTime();
        acquire();
        ChannelExec ch = null;
        try {
            ch = openExec(shell);
            BoundedOutput out = new BoundedOutput(BoundedOutput.COMMAND_CAP);
            BoundedOutput err = new BoundedOutput(BoundedOutput.COMMAND_CAP);
            ch.setOutputStream(out, true);
            ch.setErrStream(err, true);
            ch.connect((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            long deadline = start + timeout.toNanos();
            ExecChannel.awaitClosed(ch, deadline, () -> out.overflow() || err.overflow());
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (out.overflow() || err.overflow()) {
                LOG.warn("node={} argv={} printed more than {} MiB; stopped", target.name(), command.argv(),
                        BoundedOutput.COMMAND_CAP >> 20);
                throw new SshException("'" + command + "' on " + target.name() + " printed more than "
                        + (BoundedOutput.COMMAND_CAP >> 20) + " MiB; it was stopped and its output not used. Look "
                        + "at that node: this is not what the command prints.");
            }
            if (!ch.isClosed()) {
                LOG.info("node={} argv={} exit=timeout ms={}", target.name(), command.argv(), ms);
                throw new SshException.Timeout("'" + command + "' on " + target.name() + " did not finish within "
                        + timeout.toSeconds() + " s; it was abandoned. The node may be overloaded or DRBD may be "
                        + "hanging (check its kernel log).");
            }
            CommandResult r = new CommandResult(ch.getExitStatus(), out.text(), err.text(), Duration.ofMillis(ms));
            LOG.info("node={} argv={} exit={} ms={}", target.name(), command.argv(), r.exitCode(), ms);
            if (LOG.isDebugEnabled()) { // dump-xml and drbdsetup show carry shared secrets: never in a log
                LOG.debug("node={} stdout={} stderr={}", target.name(), RemoteText.maskSecrets(r.stdout()),
                        RemoteText.maskSecrets(r.stderr()));
            }
            ExecChannel.checkSudo(target, command, r);
            if (r.exitCode() == -1 && !sessionAlive()) {
                throw new SshException.Unreachable("The connection to " + target.name() + " was lost while '"
                        + command + "' ran; it may or may not have taken effect. Check the node's state.", null);
            }
            return r;
        } catch (JSchException e) {
            channelFailed(e);
            throw new SshException.Unreachable("Cannot run '" + command + "' on " + target.name() + ": "
                    + e.getMessage(), e);
        } finally {
            if (ch != null) {
                ch.disconnect();
            }
            channels.release();
        }
    }

    /**
     * Starts a long-running command whose stdout arrives line by line on a dedicated thread. It holds one channel
     * until it ends.
     */
    @Override
    public StreamHandle stream(RemoteCommand command, Consumer<String> onLine) throws SshException {
        String shell = command.toShell(target.isRoot());
        acquire();
        ChannelExec ch = null;
        InputStream in;
        OutputStream stdin;
        BoundedOutput err = new BoundedOutput(64 * 1024);
        boolean started = false;
        try {
            ch = openExec(shell);
            ch.setErrStream(err, true);
            in = ch.getInputStream();
            stdin = ch.getOutputStream();
            ch.connect(30_000);
            started = true;
        } catch (JSchException | IOException e) {
            if (e instanceof JSchException j) {
                channelFailed(j);
            }
            throw new SshException.Unreachable("Cannot start '" + command + "' on " + target.name() + ": "
                    + e.getMessage(), e);
        } finally {
            if (!started) { // every way out but a started stream gives the channel back (SshException included)
                if (ch != null) {
                    ch.disconnect();
                }
                channels.release();
            }
        }
        LOG.info("node={} argv={} stream started", target.name(), command.argv());
        SessionStream s = new SessionStream(target.name(), ch, stdin,
                () -> markDown("connection lost during a stream"), channels::release);
        Thread.ofVirtual().name("ssh-stream-" + target.name()).start(() -> s.pump(in, onLine, command, err));
        return s;
    }

    /** Channels free now (for tests and diagnostics). */
    int freeChannels() {
        return channels.availablePermits();
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        synchronized (lock) {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
        setState(Kind.CLOSED, "");
    }

    private ChannelExec openExec(String shell) throws SshException, JSchException {
        ChannelExec ch = (ChannelExec) connection().session().openChannel("exec");
        ch.setCommand(shell);
        return ch;
    }

    /**
     * The live connection, made now if there is none. Attempts are serialized by {@code connecting}; the connect itself
     * (which may wait minutes for the user to answer a host-key question on the UI thread) runs outside {@code lock},
     * so {@link #close} never waits for it: a close from the UI thread while a prompt is up would otherwise deadlock.
     * A caller that waited while another attempt failed gets that failure instead of trying again: one rejected host
     * key is one question, not one per command that was waiting (the reconnect schedule does the retrying).
     */
    private SshConnector.Connection connection() throws SshException {
        long ticket = attemptsEnded;
        synchronized (connecting) {
            synchronized (lock) {
                if (closed) {
                    throw closedError();
                }
                if (connection != null && connection.isConnected()) {
                    return connection;
                }
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }
            if (attemptsEnded != ticket && lastFailure != null) {
                throw lastFailure;
            }
            lastFailure = null;
            setState(Kind.CONNECTING, "");
            SshConnector.Connection made;
            try {
                made = connector.connect(target);
            } catch (SshException e) {
                lastFailure = e;
                attemptsEnded++;
                synchronized (lock) {
                    if (closed) { // the state stays CLOSED
                        throw e;
                    }
                    if (e instanceof SshException.AuthFailed) {
                        setState(Kind.AUTH_FAILED, e.getMessage());
                        throw e;
                    }
                    if (e instanceof SshException.HostKeyChanged || e instanceof SshException.HostKeyRejected) {
                        setState(Kind.HOSTKEY_REJECTED, e.getMessage());
                        throw e;
                    }
                    failures++;
                    setState(Kind.DOWN, e.getMessage());
                    scheduleReconnect();
                }
                throw e;
            }
            attemptsEnded++;
            synchronized (lock) {
                if (closed) { // closed while connecting: the new connection is not handed out
                    made.close();
                    throw closedError();
                }
                connection = made;
                failures = 0;
                setState(Kind.UP, "");
                return made;
            }
        }
    }

    private SshException closedError() {
        return new SshException.Unreachable("The session to " + target.name() + " is closed.", null);
    }

    /** Notices a dead session (keepalive failure) without waiting for the next command. */
    private void watch() {
        if (closed) {
            return;
        }
        SessionState s = state;
        if (s.kind() == Kind.UP && !sessionAlive()) {
            markDown("no answer to keepalives (the node or the network is down)");
        }
    }

    private boolean sessionAlive() {
        synchronized (lock) {
            return connection != null && connection.isConnected();
        }
    }

    private void markDown(String reason) {
        synchronized (lock) {
            if (state.kind() != Kind.UP || closed) {
                return;
            }
            if (connection != null) {
                connection.close();
                connection = null;
            }
            failures = 1;
            setState(Kind.DOWN, reason);
            scheduleReconnect();
        }
    }

    /**
     * A channel that could not be opened drops the session only when the session itself is dead: a refused channel
     * (the server's MaxSessions, a transient error) leaves the session, and the locks held on its other channels, up.
     */
    private void channelFailed(JSchException e) {
        if (!sessionAlive()) {
            markDown("channel failed: " + e.getMessage());
        } else {
            LOG.info("node={} a channel could not be opened ({}); the session stays up", target.name(),
                    e.getMessage());
        }
    }

    private void scheduleReconnect() {
        if (closed || (reconnect != null && !reconnect.isDone())) {
            return;
        }
        long base = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_START.toMillis() << Math.min(20, failures - 1));
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1); // "equal jitter"
        LOG.info("Reconnecting to {} in {} ms (attempt {})", target.name(), delay, failures + 1);
        reconnect = scheduler.schedule(() -> {
            try {
                connection();
            } catch (SshException e) {
                LOG.info("Reconnect to {} failed: {}", target.name(), e.getMessage());
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void setState(Kind kind, String reason) {
        SessionState old = state;
        if (old.kind() == kind && old.reason().equals(reason)) {
            return;
        }
        SessionState now = new SessionState(kind, clock.instant(), reason);
        state = now;
        for (Consumer<SessionState> l : listeners) {
            try {
                l.accept(now);
            } catch (RuntimeException e) {
                LOG.error("Connection listener failed", e);
            }
        }
    }

    private void acquire() throws SshException {
        try {
            if (!channels.tryAcquire(CHANNEL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SshException.Timeout("Every channel to " + target.name() + " stayed busy for "
                        + CHANNEL_WAIT.toSeconds() + " s; the command was not sent. Commands on the node may be "
                        + "hanging (look at its processes and its kernel log), or reconnect to it.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshException.Unreachable("Interrupted while waiting for a channel to " + target.name(), e);
        }
    }
}
