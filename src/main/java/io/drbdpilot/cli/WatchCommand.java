// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.cluster.EventHistory;
import io.drbdpilot.cluster.HistoryEvent;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drbd-pilot watch}: follows a cluster and prints one line per change, as it happens. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow a cluster over SSH and print one line per change (states, stale nodes, findings).")
public final class WatchCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Mixin
    LiveOptions live = new LiveOptions();

    @Option(names = "--count", description = "Stop after this many change lines (for scripts).")
    Integer count;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds (for scripts).")
    Integer seconds;

    @Option(names = "--jsonl", description = "Print each change as a JSON line: the exported event history, which "
            + "'drbd-pilot inspect' replays.")
    boolean jsonl;

    @Spec
    CommandSpec spec;

    private final SettingsStore settings;

    public WatchCommand(SettingsStore settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> targets;
        try {
            targets = live.targets(settings.load().settings());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("watch: " + e.getMessage());
            return 2;
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger printed = new AtomicInteger();
        try (ClusterMonitor monitor = live.monitor(live.cluster != null ? live.cluster : "cluster", targets)) {
            monitor.subscribeChanges(changes -> {
                for (HistoryEvent e : changes) {
                    out.println(jsonl ? EventHistory.jsonLine(e) : TIME.format(e.at()) + " " + e.key() + ": "
                            + (e.from() == null ? "" : e.from() + " -> ") + (e.to() == null ? "gone" : e.to()));
                    if (count != null && printed.incrementAndGet() >= count) {
                        done.countDown();
                    }
                }
                out.flush();
            });
            Runtime.getRuntime().addShutdownHook(new Thread(done::countDown));
            monitor.start();
            if (seconds != null) {
                done.await(seconds, TimeUnit.SECONDS);
            } else {
                done.await();
            }
        }
        return 0;
    }

}
