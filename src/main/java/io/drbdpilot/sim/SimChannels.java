// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.ssh.ChannelOpener;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SessionState;
import io.drbdpilot.ssh.SshException;
import io.drbdpilot.ssh.SshTarget;
import io.drbdpilot.ssh.StreamHandle;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The simulated cluster's nodes in process, without SSH: the same shell, events2 streams and locks the
 * {@link SimServer} serves, for tests of the monitor and the UI that do not need to prove the SSH path (the tests
 * over {@link SimServer} do that). A target is a node's name, optionally as {@code user@node}; a crashed node is
 * unreachable and its channels end as a dropped SSH session's would.
 */
public final class SimChannels implements ChannelOpener {

    private final SimCluster cluster;
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();

    public SimChannels(SimCluster cluster) {
        this.cluster = cluster;
        cluster.hosts().onDropSessions(node -> open.stream().filter(c -> c.node.equals(node)).toList()
                .forEach(Channel::dropped));
    }

    @Override
    public SshTarget resolve(String spec) {
        int at = spec.indexOf('@');
        String user = at < 0 ? "root" : spec.substring(0, at);
        String node = at < 0 ? spec : spec.substring(at + 1);
        if (!cluster.nodes().contains(node)) {
            throw new IllegalArgumentException("no simulated node " + node + " (the cluster has "
                    + String.join(", ", cluster.nodes()) + ")");
        }
        return new SshTarget(node, user, node, 22, List.of(), List.of(), Duration.ofSeconds(1));
    }

    @Override
    public NodeChannel open(String spec) {
        Channel c = new Channel(resolve(spec));
        open.add(c);
        return c;
    }

    private final class Channel implements NodeChannel {
        private final SshTarget target;
        private final String node;
        private final List<Consumer<SessionState>> listeners = new CopyOnWriteArrayList<>();
        private final List<Stream> streams = new CopyOnWriteArrayList<>();
        private volatile SessionState state = new SessionState(SessionState.Kind.CONNECTING, Clock.systemUTC()
                .instant(), "");

        Channel(SshTarget target) {
            this.target = target;
            this.node = target.name();
        }

        @Override
        public SshTarget target() {
            return target;
        }

        @Override
        public SessionState state() {
            return state;
        }

        @Override
        public void addListener(Consumer<SessionState> listener) {
            listeners.add(listener);
        }

        private void set(SessionState.Kind kind, String reason) {
            if (state.kind() == kind || state.kind() == SessionState.Kind.CLOSED) {
                return;
            }
            state = new SessionState(kind, Clock.systemUTC().instant(), reason);
            listeners.forEach(l -> l.accept(state));
        }

        @Override
        public void connect() throws SshException {
            if (state.kind() == SessionState.Kind.CLOSED) {
                throw new SshException("The channel to " + node + " is closed.");
            }
            if (!cluster.isUp(node)) {
                set(SessionState.Kind.DOWN, node + " does not answer (simulated: crashed)");
                throw new SshException.Unreachable("Cannot reach " + node + ": it does not answer.", null);
            }
            set(SessionState.Kind.UP, "");
        }

        @Override
        public CommandResult run(RemoteCommand command, Duration timeout) throws SshException {
            connect();
            long t0 = System.nanoTime();
            SimShell.Result r = new SimShell(cluster, node, target.user()).run(command.toShell(target.isRoot()));
            return new CommandResult(r.exit(), r.stdout(), r.stderr(),
                    Duration.ofNanos(System.nanoTime() - t0));
        }

        @Override
        public StreamHandle stream(RemoteCommand command, Consumer<String> onLine) throws SshException {
            connect();
            Stream s = new Stream(this, command, onLine);
            streams.add(s);
            s.start();
            return s;
        }

        void dropped() {
            streams.forEach(s -> s.end(new StreamHandle.End(StreamHandle.End.Reason.CONNECTION_LOST, null,
                    "the session to " + node + " was dropped")));
            set(SessionState.Kind.DOWN, "the session to " + node + " was dropped");
        }

        @Override
        public void close() {
            streams.forEach(StreamHandle::cancel);
            set(SessionState.Kind.CLOSED, "");
            open.remove(this);
        }
    }

    /** A streamed command: a live events2 stream, a held lock, or a command whose output arrives line by line. */
    private final class Stream implements StreamHandle {
        private final Channel channel;
        private final List<String> argv;
        private final String shell;
        private final Consumer<String> onLine;
        private final CompletableFuture<End> ended = new CompletableFuture<>();
        private volatile SimEvents2 events;
        private volatile String lockPath;
        private volatile int lockGeneration;

        Stream(Channel channel, RemoteCommand command, Consumer<String> onLine) {
            this.channel = channel;
            this.argv = command.effectiveArgv(channel.target.isRoot());
            this.shell = command.toShell(channel.target.isRoot());
            this.onLine = onLine;
        }

        void start() {
            String node = channel.node;
            if (argv.contains("flock")) {
                String path = cluster.hosts().flock(node, argv);
                if (path == null) {
                    end(new End(End.Reason.EXITED, 75, ""));
                    return;
                }
                lockPath = path;
                lockGeneration = cluster.hosts().lockGeneration(node, path);
                onLine.accept("LOCKED");
            } else if (argv.stream().anyMatch(a -> a.endsWith("drbdsetup")) && argv.contains("events2")
                    && !argv.contains("--now") && cluster.version().hasEvents2()
                    && !(cluster.version().is84() && argv.contains("--poll"))) {
                events = new SimEvents2(cluster, node, argv.contains("--statistics") || argv.contains("-s"),
                        argv.contains("--timestamps") || argv.contains("-T"), onLine);
                events.start();
            } else {
                SimShell.Result r = new SimShell(cluster, node, channel.target.user()).run(shell);
                List<String> lines = new ArrayList<>(r.stdout().lines().toList());
                lines.forEach(onLine);
                end(new End(End.Reason.EXITED, r.exit(), r.stderr()));
            }
        }

        @Override
        public void write(String text) throws IOException {
            if (ended.isDone()) {
                throw new IOException("the stream has ended");
            }
            SimEvents2 e = events;
            for (char ch : text.toCharArray()) {
                if (e != null && ch == 'n') {
                    e.poll();
                } else if (e != null && ch != '\n') {
                    end(new End(End.Reason.EXITED, 0, "")); // drbdsetup --poll: any other byte ends the stream
                    return;
                }
            }
        }

        @Override
        public void cancel() {
            end(new End(End.Reason.CANCELLED, null, ""));
        }

        void end(End how) {
            if (!ended.complete(how)) {
                return;
            }
            SimEvents2 e = events;
            if (e != null) {
                e.close();
            }
            String path = lockPath;
            if (path != null) {
                cluster.hosts().unlock(channel.node, path, lockGeneration);
            }
            channel.streams.remove(this);
        }

        @Override
        public CompletableFuture<End> ended() {
            return ended;
        }
    }
}
