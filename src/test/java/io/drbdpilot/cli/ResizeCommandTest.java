// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimTicker;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drbd-pilot resize against the simulator over real SSH: not grown refused, the dry run, the run, the audit. */
class ResizeCommandTest {

    @TempDir
    Path dir;
    private SimCluster sim;
    private SimCli cli;
    private SimTicker ticker;

    @BeforeEach
    void start() throws Exception {
        sim = SimClusters.lab84(false);
        new SimShell(sim, "alpha", "root").run("drbdadm primary r1");
        new SimShell(sim, "alpha", "root").run("mount /dev/drbd1 /srv/r1");
        cli = new SimCli(dir, sim);
        ticker = SimTicker.start(sim, 10);
    }

    @AfterEach
    void stop() {
        ticker.close();
        cli.close();
    }

    private String sh(String node, String cmd) {
        return new SimShell(sim, node, "root").run(cmd).stdout();
    }

    @Test
    void refusesUntilEveryBackingDeviceGrewThenGrowsDrbdAndTheFilesystem() throws Exception {
        SimCli.Run early = cli.plan("resize", "r1", "--grow-fs", "--yes");
        assertThat(early.code()).as(early.out() + early.err()).isEqualTo(3);
        assertThat(early.out()).contains("Not grown yet: alpha's /dev/vdc").contains("beta's /dev/vdc")
                .contains("lvextend");

        sh("alpha", "sim grow-disk r1 0 96");
        sh("beta", "sim grow-disk r1 0 96");
        SimCli.Run dry = cli.plan("resize", "r1", "--grow-fs", "--dry-run");
        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("drbdadm resize r1").contains("resize2fs /dev/drbd1")
                .contains("from 64.0 MiB to about 96.0 MiB");
        assertThat(Long.toString(Long.parseLong(sh("beta", "cat /sys/block/drbd1/size").strip()) * 512)).as("a dry run changes nothing")
                .isEqualTo(Long.toString(65496L * 1024));

        SimCli.Run done = cli.plan("resize", "r1", "--grow-fs", "--yes");
        assertThat(done.code()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).contains("r1 has grown on alpha, beta").contains("the filesystem on /srv/r1 grew");
        assertThat(Long.parseLong(Long.toString(Long.parseLong(sh("beta", "cat /sys/block/drbd1/size").strip()) * 512))).isGreaterThan(95L << 20);
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"kind\":\"resize\"");

        SimCli.Run again = cli.plan("resize", "r1", "--yes");
        assertThat(again.code()).as("nothing left to grow").isEqualTo(3);
    }
}
