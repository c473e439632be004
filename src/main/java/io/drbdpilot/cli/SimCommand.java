// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.sim.SimVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drbd-pilot sim}: serves a simulated DRBD cluster over SSH on 127.0.0.1, for practice and tests. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {
            "Run a simulated DRBD cluster for practice and tests: every node is an SSH server on 127.0.0.1 that "
                + "answers drbdadm, drbdsetup, cat /proc/drbd, mount and virsh like a real node.",
            "Inject faults with 'sim ...' on any node (cut/heal links, crash/restart nodes, writers, stuck resyncs, "
                + "latency). Ctrl-C stops it."})
public final class SimCommand implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--resources", defaultValue = "8", description = "Number of resources (default ${DEFAULT-VALUE}).")
    int resources;

    @Option(names = "--drbd", defaultValue = "9", description = "DRBD version to behave like: 9 or 8.4.")
    String drbd;

    @Option(names = "--demo", description = "Serve the built-in demo cluster instead of a generated one.")
    boolean demo;

    @Option(names = "--port-base", defaultValue = "2300",
            description = "SSH port of the first node; the others follow (default ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--state-dir", description = "Where host keys and authorized_keys live.")
    Path stateDir;

    @Spec
    CommandSpec spec;

    private final Path defaultStateDir;

    public SimCommand(Path defaultStateDir) {
        this.defaultStateDir = defaultStateDir;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimVersion version;
        try {
            version = SimVersion.parse(drbd);
        } catch (IllegalArgumentException e) {
            err.println("sim: " + e.getMessage());
            return 2;
        }
        if (!demo && (nodes < 2 || (version == SimVersion.V84 && nodes > 2 && resources < 1))) {
            err.println("sim: --nodes must be 2 or more");
            return 2;
        }
        Path dir = stateDir != null ? stateDir : defaultStateDir;
        Files.createDirectories(dir);
        Path auth = dir.resolve("authorized_keys");
        if (!Files.exists(auth)) {
            List<String> keys = userPublicKeys();
            if (keys.isEmpty()) {
                err.println("sim: no SSH public key found in ~/.ssh; create one (ssh-keygen -t ed25519) or put keys in "
                        + auth);
                return 2;
            }
            Files.write(auth, keys);
        }
        SimCluster cluster = demo ? SimClusters.demo() : SimClusters.layout(version, nodes, resources);
        CountDownLatch stop = new CountDownLatch(1);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sim-clock").daemon().factory());
        try (SimServer server = new SimServer(cluster, dir, auth, portBase).start()) {
            clock.scheduleAtFixedRate(() -> cluster.tick(Duration.ofMillis(250)), 250, 250, TimeUnit.MILLISECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            out.printf("DRBD Pilot simulator: %d nodes, %d resources, behaving like DRBD %s (SIMULATED)%n",
                    cluster.nodes().size(), cluster.resources().size(), cluster.version().kernel());
            for (String n : cluster.nodes()) {
                out.printf("  %-8s ssh -p %d -o UserKnownHostsFile=%s root@127.0.0.1   host key %s%n", n,
                        server.port(n), server.knownHostsFile(), server.fingerprint(n));
            }
            out.println("Logins: the keys in " + auth + " (as root, or any other user with sudo).");
            out.println("Faults: run 'sim' on any node, e.g. ssh ... root@127.0.0.1 sim cut " + cluster.nodes().get(0)
                    + " " + cluster.nodes().get(1));
            out.println("Ctrl-C stops the simulator.");
            out.flush();
            stop.await();
        } finally {
            clock.shutdownNow();
        }
        return 0;
    }

    private static List<String> userPublicKeys() throws IOException {
        List<String> keys = new ArrayList<>();
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        if (!Files.isDirectory(ssh)) {
            return keys;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ssh, "*.pub")) {
            for (Path p : ds) {
                keys.addAll(Files.readAllLines(p));
            }
        }
        return keys;
    }
}
