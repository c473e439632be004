// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.SimTicker;
import io.drbdpilot.sim.SimVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drbd-pilot evict against a simulated DRBD 9 mesh over real SSH (r2 on node-1..3 with quorum, Primary on node-3,
 * drbd-reactor's promoter preferring node-3 then node-1): the state and the plan, the move with --keep-masked, the
 * unmask, and the usage errors.
 */
class EvictCommandTest {

    @TempDir
    Path dir;
    private SimCluster sim;
    private SimCli cli;
    private SimTicker ticker;

    @BeforeEach
    void start() throws Exception {
        sim = SimClusters.layout(SimVersion.V9, 3, 3);
        sim.hosts().reactor("r2", List.of("node-3", "node-1"), List.of("srv-r2.mount", "nfs-server.service"));
        cli = new SimCli(dir, sim);
        ticker = SimTicker.start(sim, 10);
    }

    @AfterEach
    void stop() {
        ticker.close();
        cli.close();
    }

    private SimCli.Run run(String... args) {
        List<String> a = new ArrayList<>(cli.login("node-1", "node-2", "node-3"));
        a.addAll(List.of("--audit", dir.resolve("audit.jsonl").toString()));
        a.addAll(List.of(args));
        return cli.run("evict", new EvictCommand(new SettingsStore(dir.resolve("settings.json")),
                dir.resolve("unused.jsonl")), a);
    }

    private String role(String node) {
        return new SimShell(sim, node, "root").run("drbdadm role r2").stdout().strip();
    }

    @Test
    void showsTheStateThenMovesWithKeepMaskedAndUnmasks() throws Exception {
        SimCli.Run dry = run("r2", "--keep-masked", "--dry-run");
        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("drbd-reactorctl evict --keep-masked --delay 20 /etc/drbd-reactor.d/r2.toml");
        assertThat(role("node-3")).isEqualTo("Primary");

        SimCli.Run done = run("r2", "--keep-masked", "--yes");
        assertThat(done.code()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).contains("it starts srv-r2.mount, nfs-server.service; active on node-3")
                .contains("It prefers node-3, then node-1").contains("node-1 takes over when node-3 lets go")
                .contains("drbd-reactor moved r2 from node-3 to node-1").contains("node-3 stays masked");
        assertThat(role("node-1")).isEqualTo("Primary");
        assertThat(role("node-3")).isEqualTo("Secondary");

        SimCli.Run unmask = run("r2", "--unmask", "--on", "node-3", "--yes");
        assertThat(unmask.code()).as(unmask.out() + unmask.err()).isZero();
        assertThat(unmask.out()).contains("node-3 is no longer masked for r2");
        assertThat(new SimShell(sim, "node-3", "root").run("systemctl is-enabled drbd-services@r2.target").stdout())
                .isEqualTo("static\n");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"kind\":\"reactor-evict\"")
                .contains("\"kind\":\"reactor-unmask\"");
    }

    @Test
    void aResourceWithoutThePromoterIsBlockedAndBadOptionsAreUsageErrors() {
        SimCli.Run blocked = run("r0", "--yes");
        assertThat(blocked.code()).as(blocked.out() + blocked.err()).isEqualTo(3);
        assertThat(blocked.out()).contains("No node has a drbd-reactor promoter for r0").contains("drbd-pilot "
                + "switchover r0");
        assertThat(run("r2", "--unmask").code()).isEqualTo(2);
        assertThat(run("r2", "--on", "node-1").code()).isEqualTo(2);
        SimCli.Run bad = run("r2", "--unmask", "--on", "node-9");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("node-9");
    }
}
