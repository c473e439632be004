// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterFinding;
import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.cluster.TimeText;
import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.inspect.NodeReport;
import io.drbdpilot.ops.config.ConfigDrift;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    @Option(names = "--config", description = "Also compare each resource's configuration files between the nodes "
            + "(drbdadm dump, secrets masked) and with what each kernel runs (drbdadm -d adjust): drift is a finding.")
    boolean config;

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
            live.readOnce(monitor); // one view: no stream to start, nothing read that it does not show
            ClusterSnapshot s = settleSnapshot(monitor);
            List<ConfigDrift> drift = config ? drift(s, monitor, targets) : List.of();
            print(s, out, drift);
            boolean unreadable = s.nodes().stream().anyMatch(n -> !n.isLive());
            if (unreadable) {
                s.nodes().stream().filter(n -> !n.isLive()).forEach(n -> err.println("status: " + n.node()
                        + " could not be read: " + n.reason()));
                return InspectCommand.UNREADABLE;
            }
            boolean drifted = drift.stream().anyMatch(d -> !d.inSync());
            return drifted || s.worst().filter(w -> w.atLeast(Severity.WARNING)).isPresent() ? InspectCommand.FINDINGS
                    : InspectCommand.HEALTHY;
        }
    }

    /** The snapshot once the last node's dump has been folded in (snapshots are built asynchronously). */
    private static ClusterSnapshot settleSnapshot(ClusterMonitor m) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        ClusterSnapshot s = m.snapshot();
        while (s.nodes().stream().anyMatch(n -> n.freshness() == NodeView.Freshness.CONNECTING
                || (n.isLive() && !n.ready())) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000L);
            s = m.snapshot();
        }
        return s;
    }

    /** Each resource's drift, read on the live nodes that hold it. */
    private static List<ConfigDrift> drift(ClusterSnapshot s, ClusterMonitor monitor, Map<String, String> targets) {
        Probe probe = new Probe(new SshNodeAccess(monitor, Clock.systemUTC()));
        Set<String> names = new TreeSet<>();
        s.nodes().forEach(n -> n.resources().forEach(r -> names.add(r.name())));
        List<ConfigDrift> out = new ArrayList<>();
        for (String res : names) {
            try {
                out.add(ConfigDrift.read(probe, res, LiveOptions.nodesWithResource(s, targets, res)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    void print(ClusterSnapshot s, PrintWriter out) {
        print(s, out, List.of());
    }

    void print(ClusterSnapshot s, PrintWriter out, List<ConfigDrift> drift) {
        List<NodeReport> reports = s.nodes().stream().map(n -> new NodeReport(n.node(),
                n.isLive() ? "live over SSH" : n.freshness() + " since " + TimeText.at(n.since()) + ": "
                        + n.reason(), n.kernel(),
                n.utils(), n.config(), n.resources(), List.of(), s.findings().stream()
                        .filter(f -> n.node().equals(f.node())).map(ClusterFinding::finding).toList(), List.of()))
                .toList();
        List<Finding> cross = s.findings().stream().filter(f -> f.node() == null).map(ClusterFinding::finding)
                .toList();
        if (json) {
            Map<String, Object> m = new java.util.LinkedHashMap<>(Map.of("cluster", s.cluster(), "at",
                    s.at().toString(), "nodes", reports, "clusterFindings", cross));
            if (config) {
                m.put("config", drift.stream().map(d -> Map.of("resource", d.resource(), "inSync", d.inSync(),
                        "findings", d.findings())).toList());
            }
            out.println(InspectRenderer.jsonOf(m));
        } else {
            out.print(InspectRenderer.table(List.of(new InspectRenderer.Input(s.cluster(), "live", reports))));
            out.print(InspectRenderer.clusterFindings(cross));
            if (config) {
                out.println();
                out.println("Configuration (files between nodes, and files against the kernel):");
                for (ConfigDrift d : drift) {
                    if (d.inSync()) {
                        out.println("  " + d.resource() + ": the same files on " + String.join(", ", d.nodes())
                                + ", and every kernel runs them.");
                    } else {
                        d.findings().forEach(f -> out.println("  " + d.resource() + ": " + f.replace("\n",
                                "\n  ")));
                        out.println("  " + d.resource() + ": preview and apply with drbd-pilot adjust "
                                + d.resource() + ".");
                    }
                }
            }
        }
        out.flush();
    }
}
