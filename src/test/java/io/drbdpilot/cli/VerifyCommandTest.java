// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimTicker;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drbd-pilot verify against the simulator over real SSH: the block, the report, the resync, the history. */
class VerifyCommandTest {

    @TempDir
    Path dir;
    private SimCluster sim;
    private SimCli cli;
    private SimTicker ticker;

    @BeforeEach
    void start() throws Exception {
        sim = SimClusters.lab84(false);
        cli = new SimCli(dir, sim);
        ticker = SimTicker.start(sim, 10);
    }

    @AfterEach
    void stop() {
        ticker.close();
        cli.close();
    }

    @Test
    void blocksWithoutAnAlgorithmThenReportsResyncsAndKeepsTheHistory() {
        SimCli.Run blocked = cli.plan("verify", "r1", "--yes");
        assertThat(blocked.code()).as(blocked.out() + blocked.err()).isEqualTo(3);
        assertThat(blocked.out()).contains("Need a verify algorithm").contains("verify-alg sha256;");

        for (String n : List.of("alpha", "beta")) {
            new SimShell(sim, n, "root").run("drbdadm net-options --verify-alg=sha1 r1");
        }
        sim.hosts().corrupt("r1", "beta", 0, 1024, 256);
        SimCli.Run report = cli.plan("verify", "r1", "--yes");
        assertThat(report.code()).as(report.out() + report.err()).isZero();
        assertThat(report.out()).contains("256 KiB out of sync in 1 range").contains("--resync-from")
                .contains("Verify runs of r1:");

        SimCli.Run fixed = cli.plan("verify", "r1", "--resync-from", "alpha", "--yes");
        assertThat(fixed.code()).as(fixed.out() + fixed.err()).isZero();
        assertThat(fixed.out()).contains("resynced from alpha, nothing out of sync now")
                .contains("Found again and again (a disk that keeps diverging there): [1024 KiB]");
        SimCli.Run history = cli.plan("verify", "r1", "--history");
        assertThat(history.out()).contains("alpha ↔ beta").contains("256 KiB out of sync");
    }
}
