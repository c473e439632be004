// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prints SSH figures: connect time, sequential and parallel round trips of a trivial command, against the in-process
 * MINA server, a local OpenSSH sshd (when installed and run as root) and real nodes (-Dlab.nodes). Run:
 * {@code ./mvnw -Pbench test-compile exec:exec@ssh-bench}.
 */
public final class SshBench {

    private static final int CONNECTS = 10;
    private static final int SEQUENTIAL = 50;
    private static final int PARALLEL_THREADS = 8;
    private static final int PARALLEL_EACH = 25;

    private SshBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ssh-bench");
        Path key = MinaSshTest.keygen(dir.resolve("id_ed25519"), "ed25519");
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        try (MinaServer mina = new MinaServer(dir, dir.resolve("authorized_keys")).start(0)) {
            measure("MINA (in-process)", new SshTarget("mina", "root", "127.0.0.1", mina.port(), List.of(key),
                    List.of(), Duration.ofSeconds(15)), dir.resolve("kh-mina"), null);
        }
        if (OpenSshServer.available()) {
            Path odir = Files.createDirectories(dir.resolve("openssh"));
            try (OpenSshServer sshd = new OpenSshServer(odir)) {
                measure("OpenSSH sshd (loopback)", new SshTarget("openssh", "root", "127.0.0.1", sshd.port,
                        List.of(sshd.clientKey), List.of(), Duration.ofSeconds(15)), dir.resolve("kh-openssh"), null);
            }
        }
        String lab = System.getProperty("lab.nodes", "");
        if (!lab.isBlank()) {
            SshTarget t = OpenSshConfig.empty(dir, "root").resolve(lab.split(",")[0]);
            measure("lab node " + t, new SshTarget(t.name(), t.user(), t.host(), t.port(),
                    List.of(Path.of(System.getProperty("lab.identity"))), List.of(), Duration.ofSeconds(15)),
                    Path.of(System.getProperty("lab.knownHosts")), Prompter.NON_INTERACTIVE);
        }
    }

    private static void measure(String label, SshTarget t, Path knownHosts, Prompter prompter) throws Exception {
        Prompter p = prompter != null ? prompter : new TestPrompter(true, null);
        SshConnector connector = new SshConnector(new KnownHosts(knownHosts), p, Duration.ofSeconds(30), null);
        List<Double> connects = new ArrayList<>();
        for (int i = 0; i < CONNECTS; i++) {
            long t0 = System.nanoTime();
            try (SshConnector.Connection c = connector.connect(t)) {
                connects.add((System.nanoTime() - t0) / 1e6);
            }
        }
        try (NodeSession s = new NodeSession(t, connector, 8, Clock.systemUTC())) {
            s.connect();
            RemoteCommand cmd = RemoteCommand.of("true");
            List<Double> seq = new ArrayList<>();
            for (int i = 0; i < SEQUENTIAL; i++) {
                long t0 = System.nanoTime();
                s.run(cmd, Duration.ofSeconds(30));
                seq.add((System.nanoTime() - t0) / 1e6);
            }
            List<Double> par = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_THREADS);
            long p0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int th = 0; th < PARALLEL_THREADS; th++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < PARALLEL_EACH; i++) {
                        long t0 = System.nanoTime();
                        s.run(cmd, Duration.ofSeconds(30));
                        par.add((System.nanoTime() - t0) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double wall = (System.nanoTime() - p0) / 1e9;
            pool.shutdown();
            System.out.printf("%-28s connect median %7.1f ms | sequential RTT median %6.1f ms | %d parallel: "
                    + "median %6.1f ms, %6.1f commands/s%n", label, median(connects), median(seq), PARALLEL_THREADS,
                    median(par), PARALLEL_THREADS * PARALLEL_EACH / wall);
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
