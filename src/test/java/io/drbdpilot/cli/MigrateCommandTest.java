// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.TestKeys;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** drbd-pilot migrate against the simulator over real SSH: live and cold, back and forth, exit codes, JSON. */
class MigrateCommandTest {

    @TempDir
    Path dir;
    private SimCluster sim;
    private SimServer server;

    @BeforeEach
    void start() throws Exception {
        TestKeys.clientKey(dir);
        sim = SimClusters.lab84(false);
        sim.promote("alpha", "r1", false);
        sim.hosts().addVm("alpha", "db", List.of(0, 1), true);
        server = new SimServer(sim, dir.resolve("state"), dir.resolve("authorized_keys"), 0).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(String... extra) {
        List<String> a = new ArrayList<>(List.of("migrate",
                "--node", "alpha=root@127.0.0.1:" + server.port("alpha"),
                "--node", "beta=root@127.0.0.1:" + server.port("beta"),
                "--identity", dir.resolve("id").toString(),
                "--known-hosts", server.knownHostsFile().toString(), "--timeout", "30",
                "--audit", dir.resolve("audit.jsonl").toString()));
        a.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new StatusWatchSimTest.Root());
        cl.addSubcommand("migrate", new MigrateCommand(new SettingsStore(dir.resolve("settings.json")),
                dir.resolve("unused.jsonl")));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(a.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void movesAVmWithTwoDisksLiveAndBack() {
        Run r = run("db", "--to", "beta", "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Checks for the live migration of libvirt VM db on alpha (r0, r1) to beta:")
                .contains("PASS  r1: protocol C").contains("PASS  Migration transport")
                .contains("alpha$ drbdadm net-options --allow-two-primaries=yes r0  → exit 0")
                .contains("[5] Migrate db live from alpha to beta").contains("Dual-primary window: r0 ")
                .contains("DONE (exit 0, done and verified)");
        assertThat(sim.hosts().vmRunning("beta", "db")).isTrue();
        assertThat(SimState.role(sim, "beta", "r1")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.primaries(sim, "r1")).isEqualTo(1);

        Run back = run("db", "--to", "alpha", "--live", "--yes");
        assertThat(back.code()).as(back.out() + back.err()).isZero();
        assertThat(sim.hosts().vmRunning("alpha", "db")).isTrue();
        assertThat(SimState.allowsTwoPrimaries(sim, "beta", "r0")).isFalse();
    }

    @Test
    void aFailedMigrationExitsFourWithTheVmOnTheSource() {
        sim.hosts().failNextMigration("alpha", "error: internal error: unable to execute QEMU command 'migrate'");
        Run r = run("db", "--to", "beta", "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.out()).contains("ROLLBACK").contains("The VM still runs on alpha");
        assertThat(sim.hosts().vmRunning("alpha", "db")).isTrue();
        assertThat(SimState.role(sim, "beta", "r0")).isEqualTo(Role.SECONDARY);
        assertThat(SimState.allowsTwoPrimaries(sim, "alpha", "r0")).isFalse();
    }

    @Test
    void theDryRunInJsonChangesNothing() throws Exception {
        Run r = run("db", "--to", "beta", "--dry-run", "--json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.path("mode").asText()).isEqualTo("LIVE");
        assertThat(j.path("workload").path("resources").toString()).isEqualTo("[\"r0\",\"r1\"]");
        assertThat(j.path("script").asText()).contains("--allow-two-primaries=yes r1")
                .contains("virsh migrate --live --persistent --undefinesource --verbose " + io.drbdpilot.sim.SimHosts.vmUuid("db") + " qemu+ssh://beta/system");
        assertThat(sim.hosts().vmRunning("alpha", "db")).isTrue();
    }

    @Test
    void movesAServiceColdWithAnExtraUnit() {
        SimCluster c = sim;
        c.hosts().addService("alpha", "writer", true, 0);
        c.hosts().addService("beta", "writer", false, 0);
        new SimShell(c, "alpha", "root").run("virsh shutdown db");
        new SimShell(c, "alpha", "root").run("mount /dev/drbd0 /srv/data");
        Run live = run("/srv/data", "--to", "beta", "--live", "--yes");
        assertThat(live.code()).isEqualTo(2);
        assertThat(live.err()).contains("services move cold");

        Run r = run("/srv/data", "--to", "beta", "--unit", "writer", "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Stop writer on alpha").contains("Unmount /srv/data on alpha")
                .contains("Mount /dev/drbd0 on /srv/data on beta").contains("Start writer on beta");
        assertThat(c.hosts().serviceActive("beta", "writer")).isTrue();
        assertThat(c.hosts().mountOf("beta", 0)).isEqualTo("/srv/data");
    }

    @Test
    void anUnknownWorkloadIsAUsageErrorThatListsWhatThereIs() {
        Run r = run("nosuchvm", "--to", "beta", "--yes");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no workload named nosuchvm").contains("libvirt VM db on alpha (r0, r1)");
    }

    @Test
    void blockedWhenALinkIsDownExitsThree() {
        sim.cut("alpha", "beta");
        sim.tick(java.time.Duration.ofSeconds(15));
        Run r = run("db", "--to", "beta", "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("BLOCK r0: Connected").contains("Blocked: nothing was changed.");
    }
}
