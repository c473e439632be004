// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.ssh.OpenSshConfig;
import io.drbdpilot.ssh.Prompter;
import io.drbdpilot.ssh.SessionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The built-in demo: {@link SimClusters#demo()} running in real time in this process and served over SSH on loopback,
 * so the app reads it exactly as it reads real nodes (same sessions, collectors, monitor and checks). Its host keys, a
 * client key and a known_hosts file live in {@code dir}; nothing of the user's own SSH setup is touched.
 */
public final class DemoCluster implements AutoCloseable {

    public static final String NAME = "Demo cluster (simulated)";
    private static final Duration TICK = Duration.ofMillis(250);

    private final Path dir;
    private final ScheduledExecutorService clock;
    private final SimServer server;
    private volatile SimCluster cluster;

    private DemoCluster(Path dir, SimCluster cluster, SimServer server) {
        this.dir = dir;
        this.cluster = cluster;
        this.server = server;
        clock = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("demo-clock").daemon().factory());
        clock.scheduleAtFixedRate(() -> this.cluster.tick(TICK), TICK.toMillis(), TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts the demo's SSH servers on random loopback ports, with keys kept in {@code dir}. */
    public static DemoCluster start(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.resolve("id");
        if (!Files.exists(key) || !Files.exists(dir.resolve("id.pub"))) {
            generateKey(key);
        }
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"),
                StandardCopyOption.REPLACE_EXISTING);
        SimCluster c = SimClusters.demo();
        SimServer s = new SimServer(c, dir, dir.resolve("authorized_keys"), 0).start();
        return new DemoCluster(dir, c, s);
    }

    private static void generateKey(Path key) throws IOException {
        try {
            KeyPair kp = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
            kp.writePrivateKey(key.toString());
            kp.writePublicKey(key + ".pub", "drbd-pilot-demo");
            kp.dispose();
            if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (JSchException e) {
            throw new IOException("cannot generate the demo's SSH key: " + e.getMessage(), e);
        }
    }

    /** The simulated cluster now served (it changes on {@link #reset()}). */
    public SimCluster cluster() {
        return cluster;
    }

    public List<String> nodes() {
        return cluster.nodes();
    }

    public int port(String node) {
        return server.port(node);
    }

    /** The key the demo's servers accept. */
    public Path clientKey() {
        return dir.resolve("id");
    }

    /** The demo servers' host keys, for verifying them. */
    public Path knownHosts() {
        return server.knownHostsFile();
    }

    /** The demo as a cluster of the settings: root on each loopback port. */
    public ClusterSettings settings() {
        return new ClusterSettings(NAME, cluster.nodes().stream()
                .map(n -> new NodeSettings(n, "root@127.0.0.1:" + port(n), false)).toList());
    }

    /** Sessions to the demo's nodes: its own key and known_hosts, no ssh config, no questions. */
    public SessionFactory sessions() {
        return new SessionFactory(OpenSshConfig.empty(dir, "root"), knownHosts(),
                Prompter.NON_INTERACTIVE, List.of(clientKey()), null, Duration.ofSeconds(10));
    }

    /** Back to the demo's starting state; open sessions are dropped and reconnect. */
    public void reset() {
        SimCluster next = SimClusters.demo();
        cluster = next;
        server.replace(next);
    }

    @Override
    public void close() {
        clock.shutdownNow();
        server.close();
    }
}
