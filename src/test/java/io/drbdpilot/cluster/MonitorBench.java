// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import com.sun.management.OperatingSystemMXBean;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimResourceSpec;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.sim.SimVersion;
import io.drbdpilot.ssh.NodeChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Event-to-snapshot latency of the monitor against the simulator over SSH on loopback (one session per node), and the
 * monitor's CPU and heap. The simulator runs in this JVM; the monitor runs in a child JVM capped at
 * {@code -Xmx512m}, so its heap and CPU are its own. Both read the same monotonic clock ({@code System.nanoTime}
 * is CLOCK_MONOTONIC on Linux), so a change stamped here and a snapshot stamped there can be subtracted.
 * Run: {@code ./mvnw -Pbench test-compile exec:exec@monitor-bench -Dbench.size=3x10}.
 */
public final class MonitorBench {

    /**
     * The monitor's JVM heap cap; {@code -Dbench.probeHeap=2g} to look at a monitor that does not fit. More options for
     * its JVM: {@code -Dbench.probeJvm="-XX:MaxGCPauseMillis=50 ..."}.
     */
    private static final String PROBE_HEAP = "-Xmx" + System.getProperty("bench.probeHeap", "512m");

    private MonitorBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("probe")) {
            probe(Path.of(args[1]));
            return;
        }
        String[] size = (args.length > 0 ? args[0] : "3x10").split("x");
        int nodes = Integer.parseInt(size[0]);
        int perNode = Integer.parseInt(size[1]);
        Path dir = Files.createTempDirectory("monitor-bench");
        io.drbdpilot.TestKeys.clientKey(dir);
        SimCluster sim = SimClusters.generated(SimVersion.V9, nodes, perNode);
        try (SimServer server = new SimServer(sim, dir.resolve("state"), dir.resolve("authorized_keys"), 0).start()) {
            if (!"false".equals(System.getProperty("bench.warmSim"))) {
                warmSimulator(server, sim, dir);
            }
            List<String> spec = new ArrayList<>(List.of(dir.toString(), server.knownHostsFile().toString()));
            sim.nodes().forEach(n -> spec.add(n + " " + server.port(n)));
            Files.write(dir.resolve("probe.txt"), spec);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), PROBE_HEAP));
            // the package's other options (image.args): among them, a probe that runs out of memory ends (the bench
            // reports it) instead of hanging on
            command.addAll(io.drbdpilot.PackageJvmOptions.read(false));
            command.addAll(List.of("-Ddrbdpilot.logdir=" + System.getProperty("drbdpilot.logdir", dir.toString()),
                    "-Dbench.histogram=" + Boolean.getBoolean("bench.histogram"),
                    "-Dbench.threads=" + Boolean.getBoolean("bench.threads")));
            for (String opt : System.getProperty("bench.probeJvm", "").split(" ")) { // options to try on the monitor
                if (!opt.isBlank()) {
                    command.add(opt);
                }
            }
            String jfr = System.getProperty("bench.jfr", "");
            if (!jfr.isBlank()) { // -Dbench.jfr=FILE: a flight recording of the monitor, to see where its CPU goes
                command.addAll(List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile",
                        "-Xlog:jfr+startup=error")); // its banner would go to stdout, the bench's channel
            }
            if (Integer.getInteger("drbdpilot.readTurns", 0) > 0) { // -Dbench.readTurns=N: another gate size
                command.add("-Ddrbdpilot.readTurns=" + Integer.getInteger("drbdpilot.readTurns"));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), MonitorBench.class.getName(),
                    "probe", dir.resolve("probe.txt").toString()));
            Map<String, Double> simThreads0 = threadCpuMap();
            long simCpu0 = processCpu();
            Process child = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader from = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
                    PrintStream to = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
                String live = expect(from, "live");
                System.out.println(live);
                // the simulator stands for the nodes' own machines: what it took of this one meanwhile
                System.out.printf("  the simulator's JVM used %.1f s of CPU meanwhile (from the monitor's JVM start)%n",
                        (processCpu() - simCpu0) / 1e9);
                if (Boolean.getBoolean("bench.threads")) { // -Dbench.threads=true: where each JVM's CPU went
                    System.out.println("  monitor's " + expect(from, "threads"));
                    System.out.println("  simulator's threads meanwhile " + format(minus(threadCpuMap(), simThreads0)));
                }
                List<Double> lat = new ArrayList<>();
                List<Double> fromLine = new ArrayList<>();
                // when each node's stream wrote a resource's role change: the node's report of the event
                Map<String, Long> emitted = new java.util.concurrent.ConcurrentHashMap<>();
                String changeOf = "change resource name:";
                sim.onEmitted((node, lines) -> {
                    long t = System.nanoTime();
                    for (String l : lines) {
                        int at = l.indexOf(changeOf);
                        if (at >= 0 && l.contains(" role:")) {
                            String rest = l.substring(at + changeOf.length());
                            emitted.putIfAbsent(node + " " + rest.substring(0, rest.indexOf(' ')), t);
                        }
                    }
                });
                Random rnd = new Random(1);
                List<SimResourceSpec> res = sim.resources();
                Map<String, Boolean> primary = new HashMap<>();
                int changes = 300;
                for (int i = 0; i < changes; i++) {
                    SimResourceSpec r = res.get(rnd.nextInt(res.size()));
                    String node = r.nodes().get(0);
                    boolean toPrimary = !primary.getOrDefault(r.name(), false);
                    to.println("expect " + node + " " + r.name() + " " + toPrimary);
                    expect(from, "armed");
                    emitted.remove(node + " " + r.name());
                    long start = System.nanoTime();
                    if (toPrimary) {
                        sim.promote(node, r.name(), false);
                    } else {
                        sim.demote(node, r.name());
                    }
                    primary.put(r.name(), toPrimary);
                    String seen = expect(from, "seen");
                    long seenAt = Long.parseLong(seen.split(" ")[1]);
                    lat.add((seenAt - start) / 1e6);
                    Long line = emitted.get(node + " " + r.name());
                    if (line != null) {
                        fromLine.add((seenAt - line) / 1e6);
                    }
                    LockSupport.parkNanos(10_000_000L); // 100 changes per second at most, like a busy cluster
                }
                Collections.sort(lat);
                Collections.sort(fromLine);
                System.out.printf("event-to-snapshot over %d changes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        lat.size(), lat.get(lat.size() / 2), lat.get((int) (lat.size() * 0.99)),
                        lat.get(lat.size() - 1));
                // the same, from the moment the node's events2 stream wrote the change (the simulator, in this JVM, runs
                // the change, pauses for its own garbage collection and formats the line before that)
                if (!fromLine.isEmpty()) {
                    System.out.printf("  from the node's events2 line (%d of them): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                            fromLine.size(), fromLine.get(fromLine.size() / 2),
                            fromLine.get((int) (fromLine.size() * 0.99)), fromLine.get(fromLine.size() - 1));
                }
                to.println("report");
                String line;
                while ((line = from.readLine()) != null) {
                    System.out.println(line);
                }
            } finally {
                if (!child.waitFor(60, TimeUnit.SECONDS)) {
                    child.destroyForcibly(); // a failed bench must not leave its probe running
                }
            }
        }
    }

    private static String expect(BufferedReader from, String word) throws IOException {
        String line = from.readLine();
        if (line == null || !line.startsWith(word)) {
            throw new IllegalStateException("the monitor probe said '" + line + "', expected '" + word + "'");
        }
        return line;
    }

    /** The child: one monitor over SSH, told on stdin which change to wait for, answering on stdout. */
    private static void probe(Path specFile) throws Exception {
        List<String> spec = Files.readAllLines(specFile);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String line : spec.subList(2, spec.size())) {
            String[] np = line.split(" ");
            ports.put(np[0], Integer.parseInt(np[1]));
        }
        Map<String, NodeChannel> sessions = io.drbdpilot.SimSessions.open(ports, Path.of(spec.get(1)),
                Path.of(spec.get(0)), Duration.ofSeconds(15));
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        try (ClusterMonitor monitor = new ClusterMonitor("bench", sessions, Clock.systemUTC(),
                HealthPolicy.defaults());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            monitor.start();
            while (!monitor.snapshot().nodes().stream().allMatch(v -> v.isLive() && v.ready())) {
                LockSupport.parkNanos(50_000_000L);
            }
            int resources = monitor.snapshot().nodes().stream().mapToInt(v -> v.resources().size()).sum();
            out.printf("live: %d nodes, %d SSH sessions, %d resource views, all live after %.1f s (the monitor's JVM used"
                    + " %.1f s of CPU since it started; heap in use now %.0f MiB)%n", sessions.size(), sessions.size(),
                    resources, (System.nanoTime() - t0) / 1e9, processCpu() / 1e9,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0);
            if (Boolean.getBoolean("bench.threads")) {
                out.println("threads " + threadCpu());
            }
            long cpu0 = processCpu();
            long w0 = System.nanoTime();
            String cmd;
            while ((cmd = in.readLine()) != null && cmd.startsWith("expect ")) {
                String[] a = cmd.split(" ");
                boolean want = Boolean.parseBoolean(a[3]);
                CountDownLatch seen = new CountDownLatch(1);
                long[] at = new long[1];
                Consumer<ClusterSnapshot> waiter = s -> {
                    if (seen.getCount() > 0 && isPrimary(s, a[1], a[2]) == want) {
                        at[0] = System.nanoTime();
                        seen.countDown();
                    }
                };
                monitor.subscribe(waiter);
                out.println("armed");
                if (!seen.await(30, TimeUnit.SECONDS)) {
                    out.println("timeout");
                    return;
                }
                monitor.unsubscribe(waiter);
                out.println("seen " + at[0]);
            }
            double wall = (System.nanoTime() - w0) / 1e9;
            out.printf("monitor CPU while changing: %.0f%% of one core (%d cores here)%n",
                    100.0 * (processCpu() - cpu0) / 1e9 / wall, Runtime.getRuntime().availableProcessors());
            out.printf("monitor heap after GC: %.1f MiB used (JVM max %.0f MiB)%n", usedHeap() / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0);
            if (Boolean.getBoolean("bench.histogram")) {
                histogram(out);
            }
        }
    }

    private static boolean isPrimary(ClusterSnapshot s, String node, String res) {
        return s.node(node).map(v -> v.resources().stream().anyMatch(r -> r.name().equals(res)
                && r.role().is(Role.PRIMARY))).orElse(false);
    }

    /** The top of the live-object histogram, to see where the heap goes ({@code -Dbench.histogram=true}). */
    private static void histogram(PrintStream out) throws JMException {
        var server = ManagementFactory.getPlatformMBeanServer();
        String text = (String) server.invoke(new ObjectName(
                "com.sun.management:type=DiagnosticCommand"), "gcClassHistogram", new Object[] {new String[0]},
                new String[] {String[].class.getName()});
        text.lines().limit(40).forEach(out::println);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            LockSupport.parkNanos(100_000_000L);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * This JVM's CPU so far by kind of thread (its living threads, from /proc: names with their numbers taken out), in
     * seconds, largest first.
     */
    /**
     * Serves twenty nodes' first reads (dump-xml and events2's initial dump, over SSH) before the monitor starts, then
     * collects: the simulator stands for 200 machines of their own, and its JIT warming up and the collector moving its
     * freshly built state (several hundred MiB) took about 10 s of this 2-core machine's CPU while the monitor's nodes
     * arrived, counted against the monitor's wall time. {@code -Dbench.warmSim=false} measures the old way.
     */
    private static void warmSimulator(SimServer server, SimCluster sim, Path dir) throws Exception {
        long t0 = System.nanoTime();
        List<String> some = sim.nodes().subList(0, Math.min(20, sim.nodes().size()));
        Map<String, NodeChannel> sessions = io.drbdpilot.SimSessions.open(server, some, dir, Duration.ofSeconds(15));
        try {
            List<Thread> readers = new ArrayList<>();
            for (NodeChannel s : sessions.values()) {
                readers.add(Thread.ofPlatform().start(() -> {
                    try {
                        s.runAll(Duration.ofSeconds(60), io.drbdpilot.ssh.RemoteCommand.root("drbdadm", "dump-xml"),
                                io.drbdpilot.ssh.RemoteCommand.root("drbdsetup", "events2", "--now", "--timestamps",
                                        "--statistics", "all"));
                    } catch (io.drbdpilot.ssh.SshException e) {
                        throw new IllegalStateException("warming the simulator failed: " + e.getMessage(), e);
                    }
                }));
            }
            for (Thread t : readers) {
                t.join();
            }
        } finally {
            sessions.values().forEach(NodeChannel::close);
        }
        System.gc();
        System.out.printf("simulator warmed: %d nodes' first reads served, collected, in %.1f s%n", some.size(),
                (System.nanoTime() - t0) / 1e9);
    }

    private static Map<String, Double> minus(Map<String, Double> now, Map<String, Double> before) {
        Map<String, Double> out = new HashMap<>();
        now.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0.0)));
        return out;
    }

    private static String threadCpu() {
        return format(threadCpuMap());
    }

    private static String format(Map<String, Double> by) {
        StringBuilder b = new StringBuilder();
        by.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
                .forEach(e -> b.append(String.format("%s %.1f s; ", e.getKey(), e.getValue())));
        return b.toString();
    }

    /** CPU seconds by thread name (digits folded), of the threads alive now. */
    private static Map<String, Double> threadCpuMap() {
        Map<String, Double> by = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9.]+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double sec = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, ticks
                    by.merge(name, sec, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of("unknown (" + e.getMessage() + ")", 0.0);
        }
        return by;
    }

    private static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
