// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** drbd-pilot status and watch against the simulator over real SSH. */
class StatusWatchSimTest {

    @TempDir
    Path dir;
    private SimCluster sim;
    private SimServer server;

    @BeforeEach
    void start() throws Exception {
        TestKeys.clientKey(dir);
        sim = SimClusters.lab84(false);
        server = new SimServer(sim, dir.resolve("state"), dir.resolve("authorized_keys"), 0).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String[] args(String command, String... extra) {
        List<String> a = new ArrayList<>(List.of(command,
                "--node", "alpha=root@127.0.0.1:" + server.port("alpha"),
                "--node", "beta=root@127.0.0.1:" + server.port("beta"),
                "--identity", dir.resolve("id").toString(),
                "--known-hosts", server.knownHostsFile().toString(), "--timeout", "30"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private record Run(int code, String out, String err) {}

    private Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Root());
        cl.addSubcommand("status", command instanceof StatusCommand ? command
                : new StatusCommand(new SettingsStore(dir.resolve("settings.json"))));
        cl.addSubcommand("watch", command instanceof WatchCommand ? command
                : new WatchCommand(new SettingsStore(dir.resolve("settings.json"))));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @CommandLine.Command(name = "drbd-pilot")
    static final class Root {
    }

    @Test
    void statusOfAHealthyClusterExitsZero() {
        Run r = run(new StatusCommand(new SettingsStore(dir.resolve("settings.json"))), args("status"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("alpha  (kernel DRBD 8.4.11; drbd-utils 9.22.0; state from live over SSH)")
                .contains("r0        0    0      Primary").contains("cluster-wide findings: none");
        // 8.4 calls its one connection "peer": the configuration names it (issue 23)
        assertThat(r.out().lines().filter(l -> l.startsWith("  r0") || l.startsWith("r0")).toList())
                .allMatch(l -> !l.matches(".*\\speer\\s.*")).anyMatch(l -> l.contains(" beta "))
                // and in 8.4's words: an idle connected pair is cs Connected, not DRBD 9's Established
                .noneMatch(l -> l.contains("Established"));
        // a one-shot view: every read once, the state from events2 --now, no stream left to start and stop
        assertThat(server.received()).anyMatch(c -> c.matches("alpha: .*drbdsetup events2 --now .*"))
                .noneMatch(c -> c.contains("events2") && !c.contains("--now"));
    }

    /** An 8.4 node in a resync: the one-shot view has /proc/drbd's progress, as the monitor shows it. */
    @Test
    void aOneShotStatusShowsAResyncsProgressFromProcDrbd() {
        sim.cut("alpha", "beta");
        sim.write("alpha", "r0", 0, 100 * 1024);
        sim.heal("alpha", "beta");
        sim.tick(Duration.ofMillis(500)); // the resync runs, at 40 MiB/s: about 2.5 s of simulated time
        Run r = run(new StatusCommand(new SettingsStore(dir.resolve("settings.json"))), args("status"));
        // 8.4's speed and ETA are only in /proc/drbd: the one-shot read has it and lays it over events2's state
        assertThat(r.out().lines().filter(l -> l.startsWith("  r0")).toList()).as(r.out())
                .anyMatch(l -> l.contains("SyncSource") && l.matches(".*\\d+\\.\\d% \\d+ KiB/s eta \\d+s.*"));
    }

    /** A node waiting for its peer is WFConnection on 8.4, as /proc/drbd and drbdadm cstate say (issue 23). */
    @Test
    void statusOfAn84NodeWaitingForItsPeerSaysWFConnection() {
        sim.cut("alpha", "beta");
        await().atMost(Duration.ofSeconds(10)).until(() -> run(new StatusCommand(new SettingsStore(
                dir.resolve("settings.json"))), args("status")).out().contains("WFConnection"));
        Run r = run(new StatusCommand(new SettingsStore(dir.resolve("settings.json"))), args("status"));
        assertThat(r.out().lines().filter(l -> l.startsWith("  r0") || l.startsWith("r0")).toList())
                .isNotEmpty().allMatch(l -> l.contains("WFConnection")).noneMatch(l -> l.contains("Connecting"));
    }

    @Test
    void statusShowsCrossNodeFindingsAsJsonAndExitsOne() throws Exception {
        sim.cut("alpha", "beta");
        sim.promote("beta", "r0", false);
        Run r = run(new StatusCommand(new SettingsStore(dir.resolve("settings.json"))), args("status", "--json"));
        assertThat(r.code()).isEqualTo(InspectCommand.FINDINGS);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("clusterFindings").findValuesAsText("kind")).contains("DUAL_PRIMARY");
        assertThat(json.path("nodes")).hasSize(2);
    }

    @Test
    void anUnreachableNodeExitsTwoAndSaysWhy() {
        server.close();
        StatusCommand status = new StatusCommand(new SettingsStore(dir.resolve("settings.json")));
        Run r = run(status, args("status", "--timeout", "5"));
        assertThat(r.code()).isEqualTo(InspectCommand.UNREADABLE);
        assertThat(r.err()).contains("could not be read");
    }

    @Test
    void watchExportsTheHistoryAsJsonLinesAndInspectReplaysIt() throws Exception {
        WatchCommand watch = new WatchCommand(new SettingsStore(dir.resolve("settings.json")));
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Root());
        cl.addSubcommand("watch", watch);
        cl.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> cl.execute(args("watch", "--jsonl",
                "--for", "8")));
        await().atMost(Duration.ofSeconds(7)).until(() -> out.toString().contains("\"key\":\"alpha r0 role\""));
        sim.cut("alpha", "beta");
        assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
        Path history = dir.resolve("history.jsonl");
        Files.writeString(history, out.toString());
        assertThat(out.toString().lines()).allSatisfy(l -> assertThat(l).startsWith("{\"at\":"));

        StringWriter iout = new StringWriter();
        CommandLine inspect = new CommandLine(new InspectCommand());
        inspect.setOut(new PrintWriter(iout, true));
        int code = inspect.execute(history.toString());
        assertThat(code).isEqualTo(InspectCommand.FINDINGS);
        assertThat(iout.toString()).contains("(event history,")
                .contains("alpha r0 connection to peer: Connected, peer Secondary -> Connecting, peer Unknown")
                .contains("findings at the end:").contains("NOT_CONNECTED r0: WARNING");
    }

    @Test
    void importFromOneNodeProposesThePeersAndTheSavedClusterCanBeRead() throws Exception {
        server.close();
        sim = SimClusters.lab84(true);
        server = new SimServer(sim, dir.resolve("state3"), dir.resolve("authorized_keys"), 0).start();
        SettingsStore store = new SettingsStore(dir.resolve("settings.json"));
        String id = dir.resolve("id").toString();
        String kh = server.knownHostsFile().toString();
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Root());
        cl.addSubcommand("import", new ImportCommand(store));
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("import", "root@127.0.0.1:" + server.port("alpha"), "--identity", id, "--known-hosts",
                kh);
        assertThat(code).isZero();
        assertThat(out.toString()).contains("alpha").contains("(imported from)").contains("beta")
                .contains("root@beta  (check)").contains("gamma").contains("10.99.0.").contains("Nothing saved");
        assertThat(store.load().settings().clusters()).isEmpty();

        code = cl.execute("import", "root@127.0.0.1:" + server.port("alpha"), "--identity", id, "--known-hosts", kh,
                "--set", "beta=root@127.0.0.1:" + server.port("beta"), "--set",
                "gamma=root@127.0.0.1:" + server.port("gamma"), "--save", "lab", "--yes");
        assertThat(code).isZero();
        assertThat(store.load().settings().cluster("lab").orElseThrow().nodes())
                .extracting(n -> n.name()).containsExactly("alpha", "beta", "gamma");
        // the cluster remembers the key and known_hosts it was imported with
        assertThat(store.load().settings().cluster("lab").orElseThrow().identityFile()).isEqualTo(id);
        assertThat(store.load().settings().cluster("lab").orElseThrow().knownHostsFile()).isEqualTo(kh);
        assertThat(out.toString()).contains("with identity " + id + " and known_hosts " + kh);

        // import --save validates the targets as the window's Save does: nothing is stored on a bad one
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        code = cl.execute("import", "root@127.0.0.1:" + server.port("alpha"), "--identity", id, "--known-hosts", kh,
                "--set", "beta=root@beta;reboot", "--set", "gamma=-oProxyCommand=x", "--save", "lab2", "--yes");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("the SSH target of 'beta' contains spaces, quotes or shell characters")
                .contains("the SSH target of 'gamma' is not usable").contains("not saved");
        assertThat(store.load().settings().cluster("lab2")).isEmpty();

        // status --cluster alone: the cluster's own files (neither is in ~/.ssh, so without them no node is reached)
        Run status = run(new StatusCommand(store), "status", "--cluster", "lab", "--timeout", "30");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("gamma").contains("r2");
        // an option given on the command line still wins over the cluster's file
        Run other = run(new StatusCommand(store), "status", "--cluster", "lab", "--known-hosts",
                dir.resolve("empty_known_hosts").toString(), "--timeout", "10");
        assertThat(other.code()).isNotZero();
    }

    @Test
    void watchPrintsALinePerChange() throws Exception {
        WatchCommand watch = new WatchCommand(new SettingsStore(dir.resolve("settings.json")));
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Root());
        cl.addSubcommand("watch", watch);
        cl.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> cl.execute(args("watch", "--for",
                "10")));
        // both nodes live before the cut: a node still connecting would only ever see the link down
        await().atMost(Duration.ofSeconds(9)).until(() -> out.toString().contains("alpha r0 role: Primary")
                && out.toString().contains("beta r0 role: Secondary"));
        sim.cut("alpha", "beta");
        assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString())
                .contains("alpha r0 connection to peer: Connected, peer Secondary -> Connecting, peer Unknown")
                .contains("beta r0 connection to peer: Connected, peer Primary -> Connecting, peer Unknown")
                .contains("finding alpha NOT_CONNECTED r0: WARNING");
    }
}
