// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.SimViews;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.sim.SimState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile node, over real SSH (the simulator's MINA server records every command line it receives): its virsh,
 * systemctl, lsof, uname, dump-xml and events2 answers carry newlines, shell metacharacters, names starting with
 * {@code -}, special units, ANSI escapes and 50 MiB of output, each marked {@code PWNED}. Discovery, migration, the
 * switchover's dry run, import and status run against it: no command line any node receives ever carries the marker,
 * every program run is one DRBD Pilot runs, discovery ends with warnings, the huge output is cut at the cap, and
 * nothing hangs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileNodeTest {

    /** What DRBD Pilot runs on a node (first word, after sudo). */
    private static final Set<String> PROGRAMS = Set.of("drbdadm", "drbdsetup", "drbdsetup-84", "cat", "uname",
            "virsh", "xl", "systemctl", "lsof", "ls", "test", "grep", "logger", "sh", "crm_mon", "cibadmin",
            "linstor", "flock", "mount", "umount", "fuser", "true", "id", "printf", "sudo", "command", "dmesg",
            "journalctl", "drbd-reactorctl", "ssh", "mkdir");

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

    private SimCli.Run cli(String verb, Object command, String... extra) {
        List<String> a = new ArrayList<>(verb.equals("import") ? cli.login() : cli.login("alpha", "beta"));
        if (verb.equals("import")) { // import reads one node at once: it takes no --timeout (nothing to settle)
            a.subList(a.indexOf("--timeout"), a.indexOf("--timeout") + 2).clear();
        }
        a.addAll(List.of(extra));
        return cli.run(verb, command, a);
    }

    private void assertNothingUnexpectedRan() {
        List<String> got = server.received();
        assertThat(got).isNotEmpty();
        assertThat(got).noneMatch(c -> c.contains("PWNED"));
        for (String c : got) {
            String line = c.substring(c.indexOf(": ") + 2);
            String first = line.split("\\s+")[0].replace("'", "");
            if (first.equals("sudo")) {
                first = line.replaceFirst("^sudo(\\s+-\\S+)*\\s+", "").split("\\s+")[0].replace("'", "");
            }
            String program = first.substring(first.lastIndexOf('/') + 1);
            assertThat(PROGRAMS).as("program of: " + c).contains(program);
        }
    }

    private void hostile() {
        String esc = "\u001b[2J\u001b]0;PWNED\u0007";
        // beta lists domains that are no UUIDs, and names that would be options or commands
        sim.hosts().fakeTool("beta", "virsh list", 0, "-PWNED\n$(touch /tmp/PWNED)\nnot-a-uuid;PWNED\n" + esc + "\n",
                "");
        sim.hosts().fakeTool("beta", "virsh domname", 0, "x\nPWNED\n", "");
        // the units that need a mount: special units, options, metacharacters
        sim.hosts().fakeTool("beta", "systemctl list-dependencies", 0, "srv.mount\nPWNED.target\n"
                + "-PWNED.service\nfoo;PWNED.service\nreboot.service\n$(PWNED).service\nsystemd-PWNED.service\n", "");
        // lsof answers with 50 MiB: the read stops at the cap, the users are "unknown"
        sim.hosts().fakeTool("beta", "lsof", 0, "COMMAND PID PWNED\n" + "A".repeat(100) .concat("\n")
                .repeat(50 * 1024 * 1024 / 101), "");
    }

    @Test
    void discoveryAndALiveMigrationBesideAHostileNodeRunOnlyWhatTheyShould() {
        hostile();
        sim.hosts().addMountService("beta", "files", "/srv/files", 1, false);
        SimCli.Run r = cli("migrate", new MigrateCommand(new SettingsStore(dir.resolve("settings.json")),
                dir.resolve("unused.jsonl")), "db", "--to", "beta", "--yes", "--audit",
                dir.resolve("audit.jsonl").toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("migrate: warning:").contains("not a domain UUID").doesNotContain("\u001b");
        assertThat(sim.hosts().vmRunning("beta", "db")).isTrue();
        assertNothingUnexpectedRan();
    }

    @Test
    void theSwitchoversDryRunStaysAScriptAndAHugeOutputIsCut() {
        hostile();
        sim.hosts().fakeTool("alpha", "lsof", 0, "COMMAND PID PWNED\n" + "A".repeat(100).concat("\n")
                .repeat(50 * 1024 * 1024 / 101), "");
        sim.hosts().breakTool("alpha", "drbdadm -d", 1, "PWNED\n#!/bin/sh\nrm -rf / " + "\u001b[31m");
        SimCli.Run r = dryRun();
        assertThat(r.out() + r.err()).as(r.out() + r.err()).contains("printed more than 16 MiB").contains("(exit 1: PWNED");

        sim.hosts().fakeTool("beta", "uname", 0, "beta\nPWNED\u001b]0;x\u0007\n", "");
        SimCli.Run odd = dryRun();
        assertThat(odd.out()).contains("BLOCK").contains("is 'beta PWNED', which is not a host name");
        assertNothingUnexpectedRan();
    }

    @Test
    void aSwitchoverRunsBesideHostileAnswersAndRunsNothingElse() throws Exception {
        cli.close(); // a cluster without the VM: r0 is free to move
        sim = SimClusters.lab84(false);
        cli = new SimCli(dir, sim, "state2");
        server = cli.server;
        hostile();
        sim.hosts().fakeTool("alpha", "virsh list", 0, "$(PWNED)\n", "");
        sim.hosts().fakeTool("beta", "lsof", 0, "COMMAND PID\nqemu;PWNED 1 root\n", "");
        SimCli.Run r = cli("switchover", new SwitchoverCommand(new SettingsStore(dir.resolve("settings.json")),
                dir.resolve("unused.jsonl")), "r0", "--to", "beta", "--yes", "--audit",
                dir.resolve("audit.jsonl").toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain("\u001b");
        assertThat(SimState.role(sim, "beta", "r0")).isEqualTo(Role.PRIMARY);
        assertNothingUnexpectedRan();
    }

    private SimCli.Run dryRun() {
        SimCli.Run r = cli("switchover", new SwitchoverCommand(new SettingsStore(dir.resolve("settings.json")),
                dir.resolve("unused.jsonl")), "r1", "--to", "beta", "--dry-run");
        assertThat(r.out() + r.err()).doesNotContain("\u001b").doesNotContain("\u0007");
        for (String line : r.out().split("\n")) {
            assertThat(line.strip()).as("a line of the dry run").doesNotStartWith("rm -rf").doesNotStartWith("PWNED")
                    .doesNotStartWith("#!/bin/sh rm");
        }
        assertThat(r.out()).startsWith("#!/bin/sh\n");
        return r;
    }

    @Test
    void importLeavesOutHostNamesThatAreNotHostNames() {
        sim.hosts().fakeTool("alpha", "uname", 0, "alpha;PWNED\n", "");
        sim.hosts().fakeTool("alpha", "drbdadm dump-xml", 0, """
                <config file="/etc/drbd.conf">
                   <resource name="r0" conf-file-line="/etc/drbd.d/r0.res:1">
                      <host name="beta&#10;PWNED">
                         <device minor="0">/dev/drbd0</device>
                         <address family="ipv4" port="7789">10.99.0.2</address>
                      </host>
                      <host name="-oProxyCommand=PWNED">
                         <address family="ipv4" port="7789">10.99.0.3</address>
                      </host>
                      <host name="gamma">
                         <address family="ipv4" port="7789">10.99.0.4</address>
                      </host>
                   </resource>
                </config>
                """, "");
        SettingsStore store = new SettingsStore(dir.resolve("settings.json"));
        SimCli.Run r = cli("import", new ImportCommand(store), "root@127.0.0.1:" + server.port("alpha"), "--save", "lab",
                "--yes", "--set", "gamma=root@127.0.0.1:" + server.port("beta"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("import: warning: host 'beta PWNED'").contains("'-oProxyCommand=PWNED'")
                .contains("uname -n").doesNotContain("\n#");
        assertThat(store.load().settings().cluster("lab").orElseThrow().nodes()).extracting(n -> n.name())
                .doesNotContain("beta\nPWNED").contains("gamma").noneMatch(n -> n.contains("PWNED"));
        assertNothingUnexpectedRan();
    }

    @Test
    void statusReadsHostileEvents2WithoutEscapesOrHanging() {
        sim.hosts().fakeTool("beta", "drbdsetup events2", 0, "exists resource name:r0 role:Secondary\u001b[2J "
                + "suspended:no\nexists connection name:r0 peer-node-id:0 conn-name:PWNED\u001b]0;x\u0007 "
                + "connection:Connected role:Primary\nexists -\n" + "x".repeat(2 * 1024 * 1024) + "\n", "");
        SimCli.Run r = cli("status", new StatusCommand(new SettingsStore(dir.resolve("settings.json"))));
        assertThat(r.out() + r.err()).doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(r.out()).contains("alpha");
        assertNothingUnexpectedRan();
    }
}
