// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every node of a simulated cluster as an SSH server on 127.0.0.1 (loopback only), so the app cannot tell it
 * from real nodes. Each node has its own persistent host key in the state directory; logins are checked against one
 * authorized_keys file. The login name is the shell's user: {@code root}, or any other name, which then needs
 * {@code sudo} for the DRBD tools, as on the lab.
 */
public final class SimServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);

    private volatile SimCluster cluster;
    private final Queue<String> received = new ConcurrentLinkedQueue<>();
    private final Path stateDir;
    private final Path authorizedKeys;
    private final int portBase;
    private final Map<String, SshServer> servers = new LinkedHashMap<>();
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(4, Thread.ofPlatform().name("sim-ssh").daemon().factory());

    /** @param portBase the first node's port; 0 for random ports (tests) */
    public SimServer(SimCluster cluster, Path stateDir, Path authorizedKeys, int portBase) {
        this.cluster = cluster;
        this.stateDir = stateDir;
        this.authorizedKeys = authorizedKeys;
        this.portBase = portBase;
    }

    public SimServer start() throws IOException {
        int i = 0;
        for (String node : cluster.nodes()) {
            Path dir = Files.createDirectories(stateDir.resolve(node));
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(portBase == 0 ? 0 : portBase + i++);
            SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(dir.resolve("ssh_host_ecdsa_key"));
            keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
            // nistp256, as a freshly installed sshd's ECDSA key; MINA's default, nistp521, costs every client's
            // handshake ten times the signature check (a 200-node monitor spent a tenth of its CPU on it)
            keys.setKeySize(256);
            sshd.setKeyPairProvider(keys);
            sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
            sshd.setCommandFactory((channel, command) -> {
                received.add(node + ": " + command);
                return new SimCommand(node, command);
            });
            sshd.start();
            servers.put(node, sshd);
        }
        cluster.hosts().onDropSessions(this::dropSessions);
        writeKnownHosts();
        return this;
    }

    /**
     * Serves another cluster with the same nodes from now on (the demo's reset). Every open session is dropped, so
     * clients reconnect and read the new cluster from its start, as after a reboot of every node.
     */
    public void replace(SimCluster next) {
        if (!next.nodes().equals(cluster.nodes())) {
            throw new IllegalArgumentException("the new cluster must have the same nodes: " + cluster.nodes());
        }
        cluster = next;
        next.hosts().onDropSessions(this::dropSessions);
        servers.keySet().forEach(this::dropSessions);
    }

    private void dropSessions(String node) {
        SshServer s = servers.get(node);
        if (s != null) {
            for (Session session : List.copyOf(s.getActiveSessions())) {
                session.close(true);
            }
        }
    }

    public int port(String node) {
        return servers.get(node).getPort();
    }

    /** A known_hosts file with every node's key, for {@code ssh -o UserKnownHostsFile=...}. */
    /** Every command line the nodes received over SSH, as {@code node: command}, in order of arrival. */
    public List<String> received() {
        return List.copyOf(received);
    }

    public Path knownHostsFile() {
        return stateDir.resolve("known_hosts");
    }

    public String fingerprint(String node) throws IOException {
        return KeyUtils.getFingerPrint(hostKey(node));
    }

    private PublicKey hostKey(String node) throws IOException {
        try {
            Iterable<KeyPair> pairs = servers.get(node).getKeyPairProvider().loadKeys(null);
            return pairs.iterator().next().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private void writeKnownHosts() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String node : servers.keySet()) {
            lines.add("[127.0.0.1]:" + port(node) + " " + PublicKeyEntry.toString(hostKey(node)));
        }
        Files.write(knownHostsFile(), lines, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (SshServer s : servers.values()) {
            try {
                s.stop(true);
            } catch (IOException e) {
                LOG.warn("Stopping the simulated SSH server failed", e);
            }
        }
        workers.shutdownNow();
    }

    /** One exec request: a command answered by the shell, or a live events2 stream. */
    private final class SimCommand implements Command {
        private final String node;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private volatile SimEvents2 stream;

        SimCommand(String node, String command) {
            this.node = node;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            String login = channel.getSession().getUsername();
            long delay = cluster.hosts().latency(node).toMillis();
            if (isEvents2Stream()) {
                workers.schedule(() -> stream(), delay, TimeUnit.MILLISECONDS);
            } else if (isLock()) {
                workers.schedule(() -> lock(), delay, TimeUnit.MILLISECONDS);
            } else {
                // a live migration takes its time (the demo), while virsh domjobinfo reports its progress
                workers.schedule(() -> once(login), delay + migrationDelay(), TimeUnit.MILLISECONDS);
            }
        }

        private long migrationDelay() {
            List<String> argv = single();
            if (argv == null) {
                return 0;
            }
            int m = argv.indexOf("migrate");
            if (m < 1 || argv.contains("--offline") || !List.of("virsh", "xl").contains(argv.get(m - 1))) {
                return 0;
            }
            return argv.subList(m + 1, argv.size()).stream().filter(x -> !x.startsWith("-")).findFirst()
                    .map(dom -> cluster.hosts().startMigrationJob(node, dom)).orElse(0L);
        }

        /** The command line as one argv, or null when it is several commands or does not parse. */
        private List<String> single() {
            List<List<String>> cmds = new ArrayList<>();
            try {
                SimShell.Tokenizer.split(command, cmds, new ArrayList<>());
            } catch (IllegalArgumentException e) {
                return null;
            }
            return cmds.size() == 1 ? cmds.get(0) : null;
        }

        private boolean isEvents2Stream() {
            List<String> argv = single();
            return argv != null && argv.stream().anyMatch(a -> a.endsWith("drbdsetup"))
                    && argv.contains("events2") && !argv.contains("--now")
                    && cluster.version().hasEvents2()
                    && !(cluster.version().is84() && argv.contains("--poll")); // the shell refuses these
        }

        private boolean isLock() {
            List<String> argv = single();
            return argv != null && argv.contains("flock");
        }

        private final AtomicReference<SimCluster> lockedIn =
                new AtomicReference<>();
        private volatile String lockedPath;
        private volatile int lockedGeneration;

        /**
         * {@code flock -n -E 75 PATH sh -c SCRIPT NAME HOLDER HOLDERFILE}: held while the channel's stdin stays open,
         * as the operations' lock does on a real node.
         */
        private void lock() {
            SimCluster c = cluster;
            if (!c.isUp(node)) {
                exit.onExit(255);
                return;
            }
            String path = c.hosts().flock(node, single());
            if (path == null) {
                exit.onExit(75);
                return;
            }
            lockedPath = path;
            lockedGeneration = c.hosts().lockGeneration(node, path);
            lockedIn.set(c);
            try {
                out.write("LOCKED\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                unlock();
                return;
            }
            Thread reader = new Thread(() -> {
                try {
                    while (in.read() >= 0) {
                        // cat > /dev/null
                    }
                } catch (IOException e) {
                    // channel closed
                }
                unlock();
                exit.onExit(0);
            }, "sim-flock-" + node);
            reader.setDaemon(true);
            reader.start();
        }

        private void unlock() {
            SimCluster c = lockedIn.getAndSet(null);
            if (c != null) {
                c.hosts().unlock(node, lockedPath, lockedGeneration); // not a lock taken after a reclaim
            }
        }

        private void once(String login) {
            SimShell.Result r = new SimShell(cluster, node, login).run(command);
            try {
                out.write(r.stdout().getBytes(StandardCharsets.UTF_8));
                out.flush();
                err.write(r.stderr().getBytes(StandardCharsets.UTF_8));
                err.flush();
            } catch (IOException e) {
                LOG.debug("client went away before the output of '{}' on {}", command, node);
            }
            exit.onExit(r.exit());
        }

        private void stream() {
            if (!cluster.isUp(node)) {
                exit.onExit(255);
                return;
            }
            boolean stats = command.contains("--statistics") || command.contains(" -s ");
            boolean ts = command.contains("--timestamps") || command.contains(" -T ");
            OutputStream buffered = new BufferedOutputStream(out, 32 * 1024); // a pipe's worth, as sshd reads it
            stream = new SimEvents2(cluster, node, stats, ts, line -> {
                try {
                    synchronized (this) {
                        buffered.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    close();
                }
            }, () -> {
                try {
                    synchronized (this) {
                        buffered.flush();
                    }
                } catch (IOException e) {
                    close();
                }
            });
            stream.start();
            Thread reader = new Thread(() -> {
                try {
                    int b;
                    while ((b = in.read()) >= 0) {
                        if (b == 'n') {
                            stream.poll();
                        } else if (b != '\n') {
                            break; // drbdsetup --poll: any other byte ends the stream
                        }
                    }
                } catch (IOException e) {
                    // channel closed
                }
                close();
                exit.onExit(0);
            }, "sim-events2-stdin-" + node);
            reader.setDaemon(true);
            reader.start();
        }

        private void close() {
            SimEvents2 s = stream;
            if (s != null) {
                s.close();
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            close();
            unlock();
        }
    }
}
