// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drbd-pilot switchover against the simulator over real SSH: exit codes, dry run, JSON, the lock. */
class SwitchoverCommandTest {

    @TempDir
    Path dir;
    private SimCluster sim;
    private SimServer server;
    private SimCli cli;

    @BeforeEach
    void start() throws Exception {
        sim = SimClusters.lab84(false);
        sim.hosts().addService("alpha", "app", true, 0);
        sim.hosts().addService("beta", "app", false, 0);
        new SimShell(sim, "alpha", "root").run("mount /dev/drbd0 /mnt/r0");
        cli = new SimCli(dir, sim);
        server = cli.server;
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private SimCli.Run run(String... extra) {
        return cli.plan("switchover", extra);
    }

    @Test
    void switchesOverAndBackWithTheFilesystemAndTheService() throws Exception {
        SimCli.Run r = run("r0", "--to", "beta", "--stop-unit", "app", "--umount", "/mnt/r0", "--mount", "/mnt/r0",
                "--start-unit", "app", "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS  Connected").contains("[3] Demote alpha to Secondary")
                .contains("alpha$ drbdadm secondary r0  → exit 0").contains("beta$ drbdadm primary r0  → exit 0")
                .contains("DONE (exit 0, done and verified)");
        assertThat(SimState.role(sim, "beta", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(sim.hosts().mountOf("beta", 0)).isEqualTo("/mnt/r0");
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).anyMatch(l -> l.contains("\"outcome\":\"DONE\""));

        SimCli.Run back = run("r0", "--to", "alpha", "--stop-unit", "app", "--umount", "/mnt/r0", "--mount", "/mnt/r0",
                "--start-unit", "app", "--yes", "--json");
        assertThat(back.code()).as(back.out() + back.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(back.out());
        assertThat(j.get("outcome").asText()).isEqualTo("DONE");
        assertThat(j.get("steps")).hasSize(6);
        assertThat(SimState.role(sim, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(sim.hosts().serviceActive("alpha", "app")).isTrue();
    }

    @Test
    void blockedExitsThreeAndChangesNothing() {
        sim.cut("alpha", "beta");
        SimCli.Run r = run("r0", "--to", "beta", "--yes");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("BLOCK Connected").contains("nothing was changed");
        assertThat(SimState.role(sim, "alpha", "r0")).isEqualTo(Role.PRIMARY);
    }

    @Test
    void demoteRefusedWhileMountedExitsFourAndAlphaStaysPrimary() {
        SimCli.Run r = run("r0", "--to", "beta", "--stop-unit", "app", "--start-unit", "app", "--yes");
        assertThat(r.code()).as(r.out()).isEqualTo(4);
        assertThat(r.out()).contains("WARN  Users of the device on alpha").contains("(-12) Device is held open")
                .contains("ROLLBACK").contains("alpha is Primary again");
        assertThat(SimState.role(sim, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(sim.hosts().serviceActive("alpha", "app")).isTrue();
    }

    @Test
    void dryRunPrintsTheScriptAndChangesNothing() {
        SimCli.Run r = run("r0", "--to", "beta", "--umount", "/mnt/r0", "--dry-run");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("#!/bin/sh").contains("ssh -p " + server.port("alpha")
                + " root@127.0.0.1 'drbdadm secondary r0'").contains("'drbdadm primary r0'");
        assertThat(SimState.role(sim, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(sim.hosts().mountOf("alpha", 0)).isEqualTo("/mnt/r0");
    }

    @Test
    void aSecondAdminIsRefusedWithTheHolder() {
        sim.hosts().tryLock("alpha", ResourceLock.lockPath("r0"), "bob@ws2 (DRBD Pilot) since 09:59",
                ResourceLock.holderPath("r0"));
        SimCli.Run r = run("r0", "--to", "beta", "--umount", "/mnt/r0", "--yes");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("locked on alpha by bob@ws2 (DRBD Pilot) since 09:59");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("r0", "--to", "gamma", "--yes").code()).isEqualTo(2);
        assertThat(run("r0;reboot", "--to", "beta", "--yes").code()).isEqualTo(2);
        assertThat(run("r0", "--to", "beta").err()).contains("add --yes");
    }
}
