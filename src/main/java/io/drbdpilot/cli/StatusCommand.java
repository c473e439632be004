// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterFinding;
import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.inspect.NodeReport;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drbd-pilot status}: reads every node once, over SSH, and prints the cluster's state and findings. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Read every node of a cluster over SSH and print one row per resource and node, with findings.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:healthy", "1:findings at warning level or worse", "2:a node could not be read"})
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    LiveOptions live = new LiveOptions();

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final SettingsStore settings;

    public StatusCommand(SettingsStore settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> targets;
        try {
            targets = live.targets(settings.load().settings());
        } catch (IllegalArgumentException e) {
            err.println("status: " + e.getMessage());
            return 2;
        }
        String name = live.cluster != null ? live.cluster : "cluster";
        try (ClusterMonitor monitor = live.monitor(name, targets)) {
            live.startAndSettle(monitor);
            ClusterSnapshot s = settleSnapshot(monitor);
            print(s, out);
            boolean unreadable = s.nodes().stream().anyMatch(n -> !n.isLive());
            if (unreadable) {
                s.nodes().stream().filter(n -> !n.isLive()).forEach(n -> err.println("status: " + n.node()
                        + " could not be read: " + n.reason()));
                return InspectCommand.UNREADABLE;
            }
            return s.worst().filter(w -> w.atLeast(Severity.WARNING)).isPresent() ? InspectCommand.FINDINGS
                    : InspectCommand.HEALTHY;
        }
    }

    /** The snapshot once the last node's dump has been folded in (snapshots are built asynchronously). */
    private static ClusterSnapshot settleSnapshot(ClusterMonitor m) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        ClusterSnapshot s = m.snapshot();
        while (s.nodes().stream().anyMatch(n -> n.freshness() == NodeView.Freshness.CONNECTING
                || (n.isLive() && !n.ready())) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L);
            s = m.snapshot();
        }
        return s;
    }

    void print(ClusterSnapshot s, PrintWriter out) {
        List<NodeReport> reports = s.nodes().stream().map(n -> new NodeReport(n.node(),
                n.isLive() ? "live over SSH" : n.freshness() + " since " + n.since() + ": " + n.reason(), n.kernel(),
                n.utils(), null, n.resources(), List.of(), s.findings().stream()
                        .filter(f -> n.node().equals(f.node())).map(ClusterFinding::finding).toList(), List.of()))
                .toList();
        List<Finding> cross = s.findings().stream().filter(f -> f.node() == null).map(ClusterFinding::finding)
                .toList();
        if (json) {
            out.println(InspectRenderer.jsonOf(Map.of("cluster", s.cluster(), "at", s.at().toString(), "nodes",
                    reports, "clusterFindings", cross)));
        } else {
            out.print(InspectRenderer.table(List.of(new InspectRenderer.Input(s.cluster(), "live", reports))));
            out.print(InspectRenderer.clusterFindings(cross));
        }
        out.flush();
    }
}
