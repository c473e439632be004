// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.TestKeys;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A simulated cluster served over real SSH, and the CLI's plan verbs run against it as a script runs them: every
 * node named with {@code --node}, the test's key and the server's known_hosts, an audit file in the test's folder.
 */
final class SimCli implements AutoCloseable {

    record Run(int code, String out, String err) {
    }

    final Path dir;
    final SimCluster sim;
    final SimServer server;

    SimCli(Path dir, SimCluster sim) throws Exception {
        this(dir, sim, "state");
    }

    /** @param state the server's folder under {@code dir} (a second cluster in one test needs its own) */
    SimCli(Path dir, SimCluster sim, String state) throws Exception {
        this.dir = dir;
        this.sim = sim;
        if (!dir.resolve("id").toFile().exists()) {
            TestKeys.clientKey(dir);
        }
        this.server = new SimServer(sim, dir.resolve(state), dir.resolve("authorized_keys"), 0).start();
    }

    /** {@code --node N=root@127.0.0.1:PORT} for each node, then the key, known_hosts and timeout. */
    List<String> login(String... nodes) {
        List<String> a = new ArrayList<>();
        for (String n : nodes) {
            a.addAll(List.of("--node", n + "=root@127.0.0.1:" + server.port(n)));
        }
        a.addAll(List.of("--identity", dir.resolve("id").toString(), "--known-hosts",
                server.knownHostsFile().toString(), "--timeout", "30"));
        return a;
    }

    /** {@code switchover}, {@code migrate} or {@code split-brain} on alpha and beta, audited to {@code dir/audit.jsonl}. */
    Run plan(String verb, String... extra) {
        SettingsStore settings = new SettingsStore(dir.resolve("settings.json"));
        Object command = switch (verb) {
            case "migrate" -> new MigrateCommand(settings, dir.resolve("unused.jsonl"));
            case "split-brain" -> new SplitBrainCommand(settings, dir.resolve("unused.jsonl"));
            case "verify" -> new VerifyCommand(settings, dir.resolve("unused.jsonl"), dir.resolve("verify-history.jsonl"));
            case "resync" -> new ResyncCommand(settings, dir.resolve("unused.jsonl"));
            case "replace-disk" -> new ReplaceDiskCommand(settings, dir.resolve("unused.jsonl"));
            case "adjust" -> new AdjustCommand(settings, dir.resolve("unused.jsonl"));
            case "resize" -> new ResizeCommand(settings, dir.resolve("unused.jsonl"));
            case "force-secondary" -> new ForceSecondaryCommand(settings, dir.resolve("unused.jsonl"));
            case "evict" -> new EvictCommand(settings, dir.resolve("unused.jsonl"));
            default -> new SwitchoverCommand(settings, dir.resolve("unused.jsonl"));
        };
        List<String> a = new ArrayList<>(login("alpha", "beta"));
        a.addAll(List.of("--audit", dir.resolve("audit.jsonl").toString()));
        a.addAll(List.of(extra));
        return run(verb, command, a);
    }

    /** Any verb with its arguments (after the verb). */
    Run run(String verb, Object command, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new StatusWatchSimTest.Root());
        cl.addSubcommand(verb, command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> a = new ArrayList<>(List.of(verb));
        a.addAll(args);
        return new Run(cl.execute(a.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Override
    public void close() {
        server.close();
    }
}
