// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import io.drbdpilot.ssh.StreamHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The simulator as the engine's nodes, without SSH and with a fake clock: waiting for a change moves simulated time,
 * so every run is deterministic. Faults: a crashed node is unreachable; a dropped session loses the next command on
 * that node (and ends its lock channel); an interceptor can answer a command instead of the node.
 */
public class SimAccess implements NodeAccess {

    /** A clock that moves only when told. */
    public static final class FakeClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-24T10:00:00Z");

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final SimCluster c;
    public final FakeClock clock = new FakeClock();
    private final Set<String> dropNext = ConcurrentHashMap.newKeySet();
    private final List<Handle> locks = new ArrayList<>();
    /** (node, command) → a result to return instead of running it, or null */
    public volatile BiFunction<String, RemoteCommand, CommandResult> interceptor = (n, cmd) -> null;
    /** (node, command) → an SSH failure to throw instead of running it (a timeout, a lost channel), or null */
    public volatile BiFunction<String, RemoteCommand, SshException> failing = (n, cmd) -> null;
    public final List<String> commandLog = new ArrayList<>();

    public SimAccess(SimCluster c) {
        this.c = c;
        c.hosts().onDropSessions(node -> {
            List<Handle> gone;
            synchronized (locks) {
                gone = locks.stream().filter(h -> h.node.equals(node)).toList();
                locks.removeAll(gone);
            }
            gone.forEach(h -> h.end(StreamHandle.End.Reason.CONNECTION_LOST));
        });
    }

    /** Every session to the node drops: the next command there is lost (it ran when {@code ran}). */
    public void dropSessions(String node) {
        dropNext.add(node);
        c.hosts().dropSessions(node);
    }

    /**
     * The session drops on this side only: the node has not noticed yet, so the old lock channel's process still holds
     * the flock there (until it is ended).
     */
    public void dropSessionsKeepingRemoteLocks(String node) {
        List<Handle> gone;
        synchronized (locks) {
            gone = locks.stream().filter(h -> h.node.equals(node)).toList();
            locks.removeAll(gone);
        }
        gone.forEach(h -> h.ended.complete(new StreamHandle.End(StreamHandle.End.Reason.CONNECTION_LOST, null,
                null)));
        dropNext.add(node);
    }

    @Override
    public CommandResult run(String node, RemoteCommand command, Duration timeout) throws SshException {
        synchronized (commandLog) {
            commandLog.add(node + ": " + command);
        }
        if (!c.isUp(node)) {
            throw new SshException.Unreachable("connect to " + node + ": No route to host", null);
        }
        if (dropNext.remove(node)) {
            throw new SshException.Unreachable("The connection to " + node + " was lost", null);
        }
        SshException fails = failing.apply(node, command);
        if (fails != null) {
            throw fails;
        }
        CommandResult fake = interceptor.apply(node, command);
        if (fake != null) {
            return fake;
        }
        SimShell.Result r = new SimShell(c, node, "root").run(command.toShell(true));
        return new CommandResult(r.exit(), r.stdout(), r.stderr(), Duration.ofMillis(1));
    }

    @Override
    public StreamHandle stream(String node, RemoteCommand command, Consumer<String> onLine) throws SshException {
        if (!c.isUp(node)) {
            throw new SshException.Unreachable("connect to " + node + ": No route to host", null);
        }
        if (!command.argv().contains("flock")) {
            throw new UnsupportedOperationException("only the lock streams here: " + command);
        }
        String path = c.hosts().flock(node, command.argv());
        Handle h = new Handle(node, path, path == null ? 0 : c.hosts().lockGeneration(node, path));
        if (path != null) {
            synchronized (locks) {
                locks.add(h);
            }
            onLine.accept("LOCKED");
        } else {
            h.ended.complete(new StreamHandle.End(StreamHandle.End.Reason.EXITED, ResourceLock.TAKEN, null));
        }
        return h;
    }

    @Override
    public void awaitChange(Duration max) {
        clock.advance(max);
        c.tick(max);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public String sshCommand(String node) {
        return "ssh root@" + node;
    }

    @Override
    public boolean isRoot(String node) {
        return true;
    }

    private final class Handle implements StreamHandle {
        final String node;
        final String path;
        final CompletableFuture<End> ended = new CompletableFuture<>();

        final int generation;

        Handle(String node, String path, int generation) {
            this.node = node;
            this.path = path;
            this.generation = generation;
        }

        void end(End.Reason reason) {
            c.hosts().unlock(node, path, generation);
            ended.complete(new End(reason, null, null));
        }

        @Override
        public void write(String text) {
        }

        @Override
        public void cancel() {
            synchronized (locks) {
                locks.remove(this);
            }
            if (!ended.isDone()) {
                end(End.Reason.CANCELLED);
            }
        }

        @Override
        public CompletableFuture<End> ended() {
            return ended;
        }
    }
}
