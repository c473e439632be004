// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimTicker;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.drbdpilot.settings.SettingsStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drbd-pilot adjust against the simulator over real SSH: files that differ refused, the dry run, the run, the audit. */
class AdjustCommandTest {

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

    private static List<String> concat(List<String> a, String... more) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void refusesFilesThatDifferThenPreviewsAndAppliesTheSameFiles() throws Exception {
        SimCli.Run nothing = cli.plan("adjust", "r1", "--yes");
        assertThat(nothing.code()).as(nothing.out() + nothing.err()).isEqualTo(3);
        assertThat(nothing.out()).contains("drbdadm -d adjust r1 is empty");

        sim.editFile("alpha", "r1", s -> s.withOptions(s.protocol(), s.allowTwoPrimaries(), 60 * 1024, "sha1"));
        SimCli.Run differ = cli.plan("adjust", "r1", "--yes");
        assertThat(differ.code()).isEqualTo(3);
        assertThat(differ.out()).contains("differ between alpha (-) and beta (+)").contains("verify-alg       sha1;")
                .contains("--only NODE");

        SimCli.Run status = cli.run("status", new StatusCommand(new SettingsStore(dir.resolve("settings.json"))),
                concat(cli.login("alpha", "beta"), "--config"));
        assertThat(status.code()).as("drift is a finding").isEqualTo(1);
        assertThat(status.out()).contains("r1: The files of r1 differ between alpha (-) and beta (+)")
                .contains("r0: the same files on alpha, beta, and every kernel runs them.")
                .contains("drbd-pilot adjust r1");

        sim.editFile("beta", "r1", s -> s.withOptions(s.protocol(), s.allowTwoPrimaries(), 60 * 1024, "sha1"));
        SimCli.Run dry = cli.plan("adjust", "r1", "--dry-run");
        assertThat(dry.code()).isZero();
        assertThat(dry.out()).contains("drbdadm adjust r1").contains("changes disk options (resync-rate 60M")
                .contains("verify-alg sha1").doesNotContain("adjust all");

        SimCli.Run done = cli.plan("adjust", "r1", "--yes");
        assertThat(done.code()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).contains("The kernel runs the files of r1");
        assertThat(new SimShell(sim, "beta", "root").run("drbdadm -d adjust r1").stdout()).isEmpty();
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"kind\":\"adjust\"");
    }
}
