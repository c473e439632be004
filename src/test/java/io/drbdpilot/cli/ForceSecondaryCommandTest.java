// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimTicker;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drbd-pilot force-secondary against a simulated DRBD 9 mesh over real SSH: refused with quorum, then forced. */
class ForceSecondaryCommandTest {

    @TempDir
    Path dir;
    private SimCluster sim;
    private SimCli cli;
    private SimTicker ticker;

    @BeforeEach
    void start() throws Exception {
        sim = SimClusters.layout(SimVersion.V9, 3, 3); // r2 on three nodes with quorum, Primary on node-3
        new SimShell(sim, "node-3", "root").run("mount /dev/drbd1002 /srv/r2");
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
        return cli.run("force-secondary", new ForceSecondaryCommand(new SettingsStore(dir.resolve("settings.json")),
                dir.resolve("unused.jsonl")), a);
    }

    @Test
    void refusedWithQuorumThenForcesTheCutOffPrimaryAndPromotesTheNodeWithQuorum() throws Exception {
        SimCli.Run fine = run("r2", "--on", "node-3", "--yes");
        assertThat(fine.code()).as(fine.out() + fine.err()).isEqualTo(3);
        assertThat(fine.out()).contains("node-3 has quorum").contains("drbd-pilot switchover r2");

        sim.cut("node-3", "node-1");
        sim.cut("node-3", "node-2");
        SimCli.Run dry = run("r2", "--on", "node-3", "--take-over", "node-1", "--dry-run");
        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("drbdadm secondary --force r2").contains("node-3 sees 1 of 3 nodes")
                .contains("/srv/r2");
        assertThat(new SimShell(sim, "node-3", "root").run("drbdadm role r2").stdout().strip()).isEqualTo("Primary");

        SimCli.Run done = run("r2", "--on", "node-3", "--take-over", "node-1", "--yes");
        assertThat(done.code()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).contains("node-3 is Secondary for r2 (forced)").contains("node-1 is Primary");
        assertThat(new SimShell(sim, "node-1", "root").run("drbdadm role r2").stdout().strip()).isEqualTo("Primary");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"kind\":\"force-secondary\"");
    }
}
