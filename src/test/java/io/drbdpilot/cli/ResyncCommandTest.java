// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drbd-pilot resync against the simulator over real SSH: the report, pause/resume, rate, reset, exit codes. */
class ResyncCommandTest {

    @TempDir
    Path dir;
    private SimCluster sim;
    private SimCli cli;

    @BeforeEach
    void start() throws Exception {
        sim = SimClusters.lab84(false);
        cli = new SimCli(dir, sim);
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void reportsControlsAndResetsAResync() {
        SimCli.Run none = cli.plan("resync", "r1");
        assertThat(none.code()).as(none.out() + none.err()).isZero();
        assertThat(none.out()).contains("No resync runs on r1.").contains("alpha: 40.0 MiB/s");
        assertThat(cli.plan("resync", "r1", "pause", "--yes").code()).as("nothing to pause").isEqualTo(3);

        new SimShell(sim, "beta", "root").run("drbdadm disk-options --c-plan-ahead=0 --resync-rate=1M r1");
        new SimShell(sim, "alpha", "root").run("drbdadm invalidate-remote r1");
        SimCli.Run report = cli.plan("resync", "r1");
        assertThat(report.out()).contains("beta ← alpha, volume 0: SyncTarget").contains("temporary (the files say "
                + "40.0 MiB/s; reset with drbd-pilot resync r1 reset)");

        SimCli.Run pause = cli.plan("resync", "r1", "pause", "--yes");
        assertThat(pause.code()).as(pause.out() + pause.err()).isZero();
        assertThat(cli.plan("resync", "r1").out()).contains("paused: by an admin on this node");
        assertThat(cli.plan("resync", "r1", "resume", "--yes").code()).isZero();

        SimCli.Run dry = cli.plan("resync", "r1", "rate", "50M", "--dry-run");
        assertThat(dry.code()).isZero();
        assertThat(dry.out()).contains("drbdadm disk-options --c-plan-ahead=0 --resync-rate=51200k r1")
                .contains("drbdadm adjust r1");
        SimCli.Run left = cli.plan("resync", "r1", "rate", "2M", "--leave", "--yes");
        assertThat(left.code()).as(left.out() + left.err()).isZero();
        assertThat(left.out()).contains("runs at 2.0 MiB/s on beta until drbd-pilot resync r1 reset");
        SimCli.Run reset = cli.plan("resync", "r1", "reset", "--yes");
        assertThat(reset.code()).as(reset.out() + reset.err()).isZero();
        assertThat(cli.plan("resync", "r1").out()).doesNotContain("temporary");

        assertThat(cli.plan("resync", "r1", "rate").code()).as("a rate needs a value").isEqualTo(2);
        assertThat(cli.plan("resync", "r1", "rate", "fast").code()).isEqualTo(2);
        assertThat(cli.plan("resync", "r1", "faster").err()).contains("unknown action 'faster'");
    }
}
