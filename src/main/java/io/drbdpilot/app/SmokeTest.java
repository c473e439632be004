// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.app;

import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.PauseTransition;
import picocli.CommandLine;

/**
 * The rest of {@code --smoke-test} once the window is shown: wait until the window has read the demo's nodes, read
 * them once more with the command line's {@code status} (printing {@code smoke-status-exit=N}), then close. So the
 * smoke test shows that the window and the CLI both work, and the package's AOT training
 * ({@code packaging/linux/aot-train}, which runs it) records the reads, their parsers and the command line as well:
 * the window's own start still does not load picocli.
 */
final class SmokeTest {

    /** How long to wait for the window's first reads of the demo before going on anyway. */
    static final Duration DEMO_READ_BOUND = Duration.ofSeconds(20);

    private SmokeTest() {
    }

    /** Called on the FX thread once the demo (null: none) is attached; {@code close} closes the window. */
    static void afterDemoRead(WorkspaceViewModel workspace, DemoCluster demo, Runnable close) {
        AtomicBoolean started = new AtomicBoolean();
        Runnable next = () -> {
            if (started.compareAndSet(false, true)) {
                Thread.ofPlatform().name("smoke-status").daemon().start(() -> {
                    if (demo != null) {
                        System.out.println("smoke-status-exit=" + status(demo));
                        System.out.flush();
                    }
                    close.run();
                });
            }
        };
        ClusterEntry entry = workspace.clusters().stream().filter(ClusterEntry::simulated).findFirst().orElse(null);
        if (entry == null || entry.phaseProperty().get() != ClusterEntry.Phase.CONNECTING) {
            next.run();
            return;
        }
        entry.phaseProperty().addListener((o, was, now) -> {
            if (now != ClusterEntry.Phase.CONNECTING) {
                next.run();
            }
        });
        PauseTransition bound = new PauseTransition(javafx.util.Duration.millis(DEMO_READ_BOUND.toMillis()));
        bound.setOnFinished(e -> next.run());
        bound.play();
    }

    /** {@code drbd-pilot status} of the demo's nodes, with its key and known_hosts; its exit code (output dropped). */
    static int status(DemoCluster demo) {
        List<String> args = new ArrayList<>(List.of("status", "--identity", demo.clientKey().toString(),
                "--known-hosts", demo.knownHosts().toString()));
        for (NodeSettings n : demo.settings().nodes()) {
            args.add("--node");
            args.add(n.name() + "=" + n.target());
        }
        String[] argv = args.toArray(String[]::new);
        CommandLine cl = Launcher.commandLine(new Launcher(), argv);
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        return cl.execute(argv);
    }
}
