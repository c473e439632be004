// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimTicker;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimScenarios;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drbd-pilot split-brain against the simulator over real SSH: the evidence alone, the dry run, the resolution. */
class SplitBrainCommandTest {

    @TempDir
    Path dir;
    private SimCluster sim;
    private SimCli cli;
    private SimTicker ticker;

    @BeforeEach
    void start() throws Exception {
        sim = SimClusters.lab84(false);
        SimScenarios.splitBrain(sim, "r1", "beta", "alpha", 1024, 2048, false);
        cli = new SimCli(dir, sim);
        ticker = SimTicker.start(sim, 20); // the resync moves in simulated time
    }

    @AfterEach
    void stop() {
        ticker.close();
        cli.close();
    }

    @Test
    void withoutAVictimItShowsTheEvidenceAndChangesNothing() {
        SimCli.Run r = cli.plan("split-brain", "r1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Split brain of r1: what each side says")
                .contains("Split-Brain detected but unresolved")
                .contains("bitmap UUIDs match, current UUIDs differ: both sides wrote while apart")
                .contains("Recommendation: Discard beta (1.0 MiB): alpha is Primary now")
                .contains("Nothing was changed.");
        assertThat(SimState.role(sim, "alpha", "r1")).isEqualTo(Role.PRIMARY);
    }

    @Test
    void theDryRunShowsTheExactCommandsAndTheResolutionIsVerified() throws Exception {
        SimCli.Run dry = cli.plan("split-brain", "r1", "--victim", "beta", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("drbdadm connect --discard-my-data r1").contains("drbdadm connect r1");

        SimCli.Run r = cli.plan("split-brain", "r1", "--victim", "beta", "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Resolved: beta discarded its changes and resynced from alpha");
        assertThat(SimState.role(sim, "alpha", "r1")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(sim, "beta", "r1")).isEqualTo(Role.SECONDARY);
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("split-brain").contains("discard-my-data");

        SimCli.Run again = cli.plan("split-brain", "r1", "--victim", "beta", "--yes");
        assertThat(again.code()).as("nothing left to resolve: blocked").isEqualTo(3);
    }
}
