// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.SimViews;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimHosts;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drbd-pilot migrate against the simulator over real SSH: live and cold, back and forth, exit codes, JSON. */
class MigrateCommandTest {

    @TempDir
    Path dir;
    private SimCluster sim;
    private SimServer server;
    private SimCli cli;

    @BeforeEach
    void start() throws Exception {
        sim = SimViews.twoDisks();
        cli = new SimCli(dir, sim);
        server = cli.server;
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private SimCli.Run run(String... extra) {
        return cli.plan("migrate", extra);
    }

    @Test
    void movesAVmWithTwoDisksLiveAndBack() {
        SimCli.Run r = run("db", "--to", "beta", "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Checks for the live migration of libvirt VM db on alpha (r0, r1) to beta:")
                .contains("PASS  r1: protocol C").contains("PASS  Migration transport")
                .contains("alpha$ drbdadm net-options --allow-two-primaries=yes r0  → exit 0")
                .contains("[5] Migrate db live from alpha to beta").contains("Dual-primary window: r0 ")
                .contains("DONE (exit 0, done and verified)");
        assertThat(sim.hosts().vmRunning("beta", "db")).isTrue();
        assertThat(SimState.role(sim, "beta", "r1")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.primaries(sim, "r1")).isEqualTo(1);

        SimCli.Run back = run("db", "--to", "alpha", "--live", "--yes");
        assertThat(back.code()).as(back.out() + back.err()).isZero();
        assertThat(sim.hosts().vmRunning("alpha", "db")).isTrue();
        assertThat(SimState.allowsTwoPrimaries(sim, "beta", "r0")).isFalse();
    }

    @Test
    void aFailedMigrationExitsFourWithTheVmOnTheSource() {
        sim.hosts().failNextMigration("alpha", "error: internal error: unable to execute QEMU command 'migrate'");
        SimCli.Run r = run("db", "--to", "beta", "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.out()).contains("ROLLBACK").contains("The VM still runs on alpha");
        assertThat(sim.hosts().vmRunning("alpha", "db")).isTrue();
        assertThat(SimState.role(sim, "beta", "r0")).isEqualTo(Role.SECONDARY);
        assertThat(SimState.allowsTwoPrimaries(sim, "alpha", "r0")).isFalse();
    }

    @Test
    void theDryRunInJsonChangesNothing() throws Exception {
        SimCli.Run r = run("db", "--to", "beta", "--dry-run", "--json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.path("mode").asText()).isEqualTo("LIVE");
        assertThat(j.path("workload").path("resources").toString()).isEqualTo("[\"r0\",\"r1\"]");
        assertThat(j.path("script").asText()).contains("--allow-two-primaries=yes r1")
                .contains("virsh migrate --live --persistent --undefinesource --verbose " + SimHosts.vmUuid("db") + " qemu+ssh://beta/system");
        assertThat(sim.hosts().vmRunning("alpha", "db")).isTrue();
    }

    @Test
    void movesAServiceColdWithAnExtraUnit() {
        SimCluster c = sim;
        c.hosts().addService("alpha", "writer", true, 0);
        c.hosts().addService("beta", "writer", false, 0);
        new SimShell(c, "alpha", "root").run("virsh shutdown db");
        new SimShell(c, "alpha", "root").run("mount /dev/drbd0 /srv/data");
        SimCli.Run live = run("/srv/data", "--to", "beta", "--live", "--yes");
        assertThat(live.code()).isEqualTo(2);
        assertThat(live.err()).contains("services move cold");

        SimCli.Run r = run("/srv/data", "--to", "beta", "--unit", "writer", "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Stop writer on alpha").contains("Unmount /srv/data on alpha")
                .contains("Mount /dev/drbd0 on /srv/data on beta").contains("Start writer on beta");
        assertThat(c.hosts().serviceActive("beta", "writer")).isTrue();
        assertThat(c.hosts().mountOf("beta", 0)).isEqualTo("/srv/data");
    }

    @Test
    void anUnknownWorkloadIsAUsageErrorThatListsWhatThereIs() {
        SimCli.Run r = run("nosuchvm", "--to", "beta", "--yes");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no workload named nosuchvm").contains("libvirt VM db on alpha (r0, r1)");
    }

    @Test
    void blockedWhenALinkIsDownExitsThree() {
        sim.cut("alpha", "beta");
        sim.tick(Duration.ofSeconds(15));
        SimCli.Run r = run("db", "--to", "beta", "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("BLOCK r0: Connected").contains("Blocked: nothing was changed.");
    }
}
