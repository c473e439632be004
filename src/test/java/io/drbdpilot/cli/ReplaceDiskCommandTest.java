// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimTicker;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drbd-pilot replace-disk against the simulator over real SSH: the refusal, the confirmation by path, the run. */
class ReplaceDiskCommandTest {

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
    void refusesAnUnconfirmedDeviceThenReplacesTheDisk() {
        sim.failDisk("beta", "r1");
        SimCli.Run refused = cli.plan("replace-disk", "r1", "--on", "beta", "--yes");
        assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(3);
        assertThat(refused.out()).contains("holds DRBD metadata").contains("--confirm-device /dev/vdc");

        SimCli.Run dry = cli.plan("replace-disk", "r1", "--on", "beta", "--confirm-device", "/dev/vdc", "--dry-run");
        assertThat(dry.code()).isZero();
        assertThat(dry.out()).contains("drbdadm create-md --force r1").contains("drbdadm attach r1")
                .contains("Nothing is written on any node but beta");

        SimCli.Run done = cli.plan("replace-disk", "r1", "--on", "beta", "--confirm-device", "/dev/vdc", "--yes");
        assertThat(done.code()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).contains("beta's new disk under r1 is UpToDate, resynced in full from alpha");
        assertThat(new SimShell(sim, "beta", "root").run("drbdadm dstate r1").stdout()).startsWith("UpToDate");
        assertThat(sim.dataLoss()).isEmpty();
        assertThat(cli.plan("replace-disk", "r1").code()).as("--on is required").isEqualTo(2);
    }
}
