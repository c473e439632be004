// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterFinding;
import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        Map<String, String>[] last = new Map[] {Map.of()};
        try (ClusterMonitor monitor = live.monitor(live.cluster != null ? live.cluster : "cluster", targets)) {
            monitor.subscribe(s -> {
                Map<String, String> now = flatten(s);
                for (Map.Entry<String, String> e : now.entrySet()) {
                    String before = last[0].get(e.getKey());
                    if (!e.getValue().equals(before)) {
                        out.println(TIME.format(s.at()) + " " + e.getKey() + ": "
                                + (before == null ? "" : before + " -> ") + e.getValue());
                        if (count != null && printed.incrementAndGet() >= count) {
                            done.countDown();
                        }
                    }
                }
                for (String gone : last[0].keySet()) {
                    if (!now.containsKey(gone)) {
                        out.println(TIME.format(s.at()) + " " + gone + ": gone");
                    }
                }
                out.flush();
                last[0] = now;
            });
            Runtime.getRuntime().addShutdownHook(new Thread(done::countDown));
            monitor.start();
            if (seconds != null) {
                done.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
            } else {
                done.await();
            }
        }
        return 0;
    }

    /** Everything worth a line, as key → value. */
    static Map<String, String> flatten(ClusterSnapshot s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (NodeView n : s.nodes()) {
            m.put(n.node(), n.freshness() + (n.isLive() ? "" : " (" + n.reason() + ")"));
            if (!n.ready()) {
                continue;
            }
            for (ResourceState r : n.resources()) {
                String k = n.node() + " " + r.name();
                m.put(k + " role", r.role().raw());
                for (DeviceState d : r.devices()) {
                    m.put(k + "/" + d.volume() + " disk", d.disk().raw());
                }
                for (ConnectionState c : r.connections()) {
                    m.put(k + " connection to " + c.name(), c.connection().raw() + ", peer " + c.peerRole().raw());
                    for (PeerDeviceState p : c.peerDevices()) {
                        m.put(k + "/" + p.volume() + " replication to " + c.name(), p.replication().raw() + ", peer disk "
                                + p.peerDisk().raw());
                    }
                }
            }
        }
        for (ClusterFinding f : s.findings()) {
            m.put("finding " + (f.node() == null ? "cluster" : f.node()) + " " + f.finding().kind() + " "
                    + f.finding().resource(), f.finding().severity() + " " + f.finding().explanation());
        }
        return m;
    }
}
