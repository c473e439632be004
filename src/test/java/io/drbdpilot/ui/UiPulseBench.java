// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui;

import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.settings.Settings;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimResourceSpec;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.sim.SimVersion;
import io.drbdpilot.ssh.OpenSshConfig;
import io.drbdpilot.ssh.Prompter;
import io.drbdpilot.ssh.SessionFactory;
import io.drbdpilot.ui.main.AboutDialog;
import io.drbdpilot.ui.main.MainViewModel;
import io.drbdpilot.ui.main.MainWindow;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * The UI pulse figure: the whole window (navigator, overview heat map, timeline) on a simulated cluster that changes
 * continuously (100 role changes a second), in a child JVM so the simulator's work is not counted. It reports the
 * pulse time (animation, CSS and layout, per frame), the time each coalesced update takes on the UI thread, and how
 * long a task posted to the UI thread waits (responsiveness). {@code -Dbench.size=200x1000}, {@code
 * -Dbench.seconds=60}, {@code -Dbench.jfr=FILE} for a profile of the window's process, {@code -Dbench.uiJvm="..."} for its JVM options to try.
 */
public final class UiPulseBench {

    private UiPulseBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("ui")) {
            ui(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        String[] size = (args.length > 0 ? args[0] : "3x10").split("x");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Files.createTempDirectory("ui-bench");
        io.drbdpilot.TestKeys.clientKey(dir);
        SimCluster sim = SimClusters.generated(SimVersion.V9, Integer.parseInt(size[0]), Integer.parseInt(size[1]));
        try (SimServer server = new SimServer(sim, dir.resolve("state"), dir.resolve("authorized_keys"), 0).start()) {
            List<String> spec = new ArrayList<>(List.of(dir.toString(), server.knownHostsFile().toString()));
            sim.nodes().forEach(n -> spec.add(n + " " + server.port(n)));
            Files.write(dir.resolve("spec.txt"), spec);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            cmd.addAll(io.drbdpilot.PackageJvmOptions.read(true)); // the package's heap and options (image.args)
            String heap = System.getProperty("bench.uiHeap", "");
            if (!heap.isBlank()) { // another heap to try
                cmd.add("-Xmx" + heap);
            }
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Ddrbdpilot.logdir=" + dir));
            for (String opt : System.getProperty("bench.uiJvm", "").split(" ")) { // options to try on the window
                if (!opt.isBlank()) {
                    cmd.add(opt);
                }
            }
            String jfr = System.getProperty("bench.jfr", "");
            if (!jfr.isBlank()) { // a profile of the window's process
                cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
            }
            if (System.getenv("DISPLAY") == null) {
                cmd.addAll(List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw"));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), UiPulseBench.class.getName(), "ui",
                    dir.resolve("spec.txt").toString(), Integer.toString(seconds)));
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            AtomicBoolean stop = new AtomicBoolean();
            Thread driver = new Thread(() -> drive(sim, stop), "bench-driver");
            driver.setDaemon(true);
            driver.start();
            try (var out = child.inputReader()) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!line.contains(" INFO ") && !line.contains(" DEBUG ")) {
                        System.out.println(line);
                    }
                }
            }
            stop.set(true);
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** 100 role changes a second on random resources, for as long as the child runs. */
    private static void drive(SimCluster sim, AtomicBoolean stop) {
        Random rnd = new Random(1);
        List<SimResourceSpec> res = sim.resources();
        Set<String> primary = new HashSet<>();
        while (!stop.get()) {
            SimResourceSpec r = res.get(rnd.nextInt(res.size()));
            if (primary.remove(r.name())) {
                sim.demote(r.nodes().get(0), r.name());
            } else {
                sim.promote(r.nodes().get(0), r.name(), false);
                primary.add(r.name());
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }

    /** The child: the real window over SSH to the simulator, measured from inside. */
    private static void ui(Path specFile, int seconds) throws Exception {
        List<String> spec = Files.readAllLines(specFile);
        Path dir = Path.of(spec.get(0));
        List<NodeSettings> nodes = new ArrayList<>();
        for (String line : spec.subList(2, spec.size())) {
            String[] np = line.split(" ");
            nodes.add(new NodeSettings(np[0], "root@127.0.0.1:" + np[1], false));
        }
        SettingsStore store = new SettingsStore(dir.resolve("settings.json"));
        store.save(Settings.defaults().withClusters(List.of(new ClusterSettings("bench", nodes))));
        SessionFactory sessions = new SessionFactory(OpenSshConfig.empty(dir, "root"), Path.of(spec.get(1)),
                Prompter.NON_INTERACTIVE, List.of(dir.resolve("id")), null, Duration.ofSeconds(30));
        List<Long> updates = Collections.synchronizedList(new ArrayList<>());
        WorkspaceViewModel ws = new WorkspaceViewModel(r -> Platform.runLater(() -> {
            long t = System.nanoTime();
            r.run();
            updates.add(System.nanoTime() - t);
        }));
        CountDownLatch shown = new CountDownLatch(1);
        MainWindow[] window = new MainWindow[1];
        long t0 = System.nanoTime();
        Platform.startup(() -> {
            Stage stage = new Stage();
            window[0] = new MainWindow(new MainViewModel(store, store.load()),
                    new AboutDialog.AboutInfo("bench", store.file().toString(), dir.toString(), Optional.empty()), ws,
                    new NodeLinks(sessions), null);
            window[0].show(stage);
            shown.countDown();
        });
        shown.await();
        while (!live(ws)) {
            LockSupport.parkNanos(100_000_000L);
        }
        System.out.printf("all %d nodes live in the UI after %.1f s%n", nodes.size(), (System.nanoTime() - t0) / 1e9);
        Platform.runLater(() -> {
            ws.selectionProperty().set(new WorkspaceViewModel.Selection("bench", nodes.get(0).name(), null));
            ((TabPane) window[0].workspacePane().tabs()).getSelectionModel().select(2); // the overview (Map, Details, Overview, Timeline)
            window[0].workspacePane().navigator().tree().getRoot().getChildren().get(0).getChildren().get(0)
                    .setExpanded(true); // one node's 1000 resources in the tree
        });
        Thread.sleep(3000);
        updates.clear();
        List<Long> pulses = Collections.synchronizedList(new ArrayList<>());
        List<Long> frames = Collections.synchronizedList(new ArrayList<>());
        long[] start = new long[1];
        long[] lastFrame = new long[1];
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                start[0] = t;
                if (lastFrame[0] != 0) {
                    frames.add(t - lastFrame[0]);
                }
                lastFrame[0] = t;
            }
        };
        Platform.runLater(() -> {
            window[0].workspacePane().tabs().getScene().addPostLayoutPulseListener(() -> {
                if (start[0] != 0) {
                    pulses.add(System.nanoTime() - start[0]);
                    start[0] = 0;
                }
            });
            timer.start();
        });
        List<Long> waits = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long posted = System.nanoTime();
            CountDownLatch ran = new CountDownLatch(1);
            Platform.runLater(ran::countDown);
            ran.await();
            waits.add(System.nanoTime() - posted);
            LockSupport.parkNanos(50_000_000L);
        }
        Platform.runLater(timer::stop);
        Thread.sleep(200);
        // The navigator's filter: from a typed text to the tree redrawn (the rebuild runs in the text's listener)
        for (String q : List.of("r1", "r12", "r123", "n00", "", "r9", "")) {
            CountDownLatch drawn = new CountDownLatch(1);
            long[] typed = new long[3];
            Platform.runLater(() -> {
                Runnable[] once = new Runnable[1];
                once[0] = () -> {
                    window[0].workspacePane().tabs().getScene().removePostLayoutPulseListener(once[0]);
                    drawn.countDown();
                };
                long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                typed[0] = System.nanoTime();
                window[0].workspacePane().navigator().filterField().setText(q);
                typed[1] = System.nanoTime() - typed[0];
                typed[2] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
                window[0].workspacePane().tabs().getScene().addPostLayoutPulseListener(once[0]);
                Platform.requestNextPulse();
            });
            drawn.await();
            // the listeners' own CPU against their wall time: the rest is waiting (for a core, for the collector)
            System.out.printf("filter '%s': %.1f ms to the tree redrawn (%.1f ms of it in the text's listeners, %.1f ms"
                    + " of that on the CPU)%n", q, (System.nanoTime() - typed[0]) / 1e6, typed[1] / 1e6, typed[2] / 1e6);
            Thread.sleep(300);
        }
        long applied = ws.clusters().get(0).timeline().size();
        report("pulse (animation + CSS + layout)", pulses);
        report("frame interval", frames);
        report("one coalesced update on the UI thread", updates);
        report("wait of a task posted to the UI thread", waits);
        System.out.printf("over %d s: %d frames, %d updates applied, %d timeline entries; heap %.0f MiB used%n",
                seconds, frames.size(), updates.size(), applied,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0);
        System.gc();
        System.out.printf("heap after GC %.0f MiB; the process resident: %s%n",
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0, Files
                        .readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                        .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("?"));
        System.out.printf("platform threads: %d%n", Thread.getAllStackTraces().size());
        if (java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking="))) { // -Dbench.uiJvm=-XX:NativeMemoryTracking=summary
            System.out.println(java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()}));
        }
        Platform.exit();
        System.exit(0);
    }

    private static boolean live(WorkspaceViewModel ws) {
        List<ClusterEntry> c = List.copyOf(ws.clusters());
        return !c.isEmpty() && c.get(0).phaseProperty().get() == ClusterEntry.Phase.LIVE;
    }

    private static void report(String what, List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        if (s.isEmpty()) {
            System.out.println(what + ": no samples");
            return;
        }
        Collections.sort(s);
        System.out.printf("%s: n=%d p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, s.size(),
                s.get(s.size() / 2) / 1e6, s.get((int) (s.size() * 0.9)) / 1e6, s.get((int) (s.size() * 0.99)) / 1e6,
                s.get(s.size() - 1) / 1e6);
    }
}
