// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.app;

import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.sim.DemoCluster;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimScenarios;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.ssh.CommandJournal;
import java.time.Clock;
import io.drbdpilot.ui.workspace.Demo;
import java.util.List;

/** The simulator's demo cluster behind the UI's {@link Demo} port: its SSH servers, and the faults of its menu. */
public final class DemoWiring implements Demo {

    private final DemoCluster demo;
    private final NodeLinks links;

    public DemoWiring(DemoCluster demo) {
        this(demo, new CommandJournal(Clock.systemUTC()));
    }

    /** @param journal the window's command log, which the demo's commands join */
    public DemoWiring(DemoCluster demo, CommandJournal journal) {
        this.demo = demo;
        this.links = new NodeLinks(demo.sessions(), Clock.systemUTC(), journal);
    }

    @Override
    public ClusterSettings settings() {
        return demo.settings();
    }

    @Override
    public NodeLinks links() {
        return links;
    }

    @Override
    public List<Fault> faults() {
        SimCluster c = demo.cluster();
        return List.of(
                new Fault("_Reset the demo cluster", "demo-reset", 0, demo::reset),
                new Fault("Cut the link node-a ↔ node-c", "demo-cut", 1, () -> c.cut("node-a", "node-c")),
                new Fault("Heal all links", "demo-heal", 1, () -> {
                    c.heal("node-a", "node-b");
                    c.heal("node-a", "node-c");
                    c.heal("node-b", "node-c");
                }),
                new Fault("Crash node-b", "demo-crash", 1, () -> c.crash("node-b")),
                new Fault("Restart node-b", "demo-restart", 1, () -> c.restart("node-b")),
                new Fault("Start a writer on web (node-a)", "demo-writer", 2,
                        () -> c.startWriter("node-a", "web", 8 * 1024)),
                new Fault("Stop the writer", "demo-writer-stop", 2, () -> c.stopWriters("node-a", "web")),
                new Fault("Make the resync of db stuck", "demo-stuck", 2, () -> c.stuckResync("db", true)),
                new Fault("Make a split brain on web (both sides write)", "demo-splitbrain", 2,
                        () -> SimScenarios.splitBrain(c, "web", "node-b", "node-a", 4096, 8192, false)),
                new Fault("Release the stuck resync", "demo-unstuck", 2, () -> c.stuckResync("db", false)),
                new Fault("Slow the resync of db (1 MiB/s on node-c, set by hand)", "demo-slow-resync", 3,
                        () -> new SimShell(c, "node-c", "root").run("drbdadm peer-device-options --c-plan-ahead=0 "
                                + "--resync-rate=1M db")),
                new Fault("Fail node-c's disk of vm-mail (an I/O error)", "demo-fail-disk", 3,
                        () -> c.failDisk("node-c", "vm-mail")),
                new Fault("Swap node-c's failed disk of vm-mail for a new one", "demo-swap-disk", 3,
                        () -> c.swapDisk("node-c", "vm-mail")),
                new Fault("Let drbd-reactor manage db (prefers node-a, then node-c; starts postgresql)", "demo-reactor",
                        3, () -> c.hosts().reactor("db", List.of("node-a", "node-c"), List.of("postgresql.service"))));
    }

    @Override
    public void close() {
        demo.close();
    }
}
