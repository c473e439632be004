// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Several reads in one channel: the script a real /bin/sh runs, cut back into one result per command. */
class BatchTest {

    private static final List<RemoteCommand> COMMANDS = List.of(
            RemoteCommand.of("printf", "no newline at the end"),
            RemoteCommand.of("sh", "-c", "echo out; echo 'an error' >&2; exit 3"),
            RemoteCommand.of("true"),
            RemoteCommand.of("printf", "%s\\n", "it's \"quoted\"; $(not run) `nor this`"),
            RemoteCommand.of("cat")); // stdin is closed: it does not wait

    @Test
    void aRealShellRunsTheCommandsInOrderAndEachGetsItsOwnOutputAndExitCode() throws Exception {
        String nonce = Batch.nonce();
        CommandResult whole = sh(Batch.script(COMMANDS, true, nonce));
        CommandResult[] r = Batch.split(whole, COMMANDS.size(), nonce);
        assertThat(r).isNotNull();
        assertThat(r[0]).extracting(CommandResult::exitCode, CommandResult::stdout, CommandResult::stderr)
                .containsExactly(0, "no newline at the end", "");
        assertThat(r[1]).extracting(CommandResult::exitCode, CommandResult::stdout, CommandResult::stderr)
                .containsExactly(3, "out\n", "an error\n");
        assertThat(r[2]).extracting(CommandResult::exitCode, CommandResult::stdout).containsExactly(0, "");
        assertThat(r[3].stdout()).isEqualTo("it's \"quoted\"; $(not run) `nor this`\n");
        assertThat(r[4]).extracting(CommandResult::exitCode, CommandResult::stdout).containsExactly(0, "");
    }

    @Test
    void privilegedCommandsGoThroughSudoForALoginThatIsNotRoot() {
        assertThat(Batch.script(List.of(RemoteCommand.root("drbdadm", "dump-xml")), false, "n"))
                .contains("sudo -n -- drbdadm dump-xml </dev/null;");
        assertThat(Batch.script(List.of(RemoteCommand.root("drbdadm", "dump-xml")), true, "n"))
                .doesNotContain("sudo");
    }

    @Test
    void outputThatIsNotTheBatchsIsNotGuessedAt() throws Exception {
        String nonce = Batch.nonce();
        CommandResult whole = sh(Batch.script(COMMANDS, true, nonce));
        assertThat(Batch.split(whole, COMMANDS.size(), Batch.nonce())).as("another nonce").isNull();
        assertThat(Batch.split(new CommandResult(127, "", "sh: printf: not found\n", Duration.ZERO),
                COMMANDS.size(), nonce)).isNull();
        String cut = whole.stdout().substring(0, whole.stdout().length() / 2);
        assertThat(Batch.split(new CommandResult(0, cut, whole.stderr(), Duration.ZERO), COMMANDS.size(), nonce))
                .as("cut short").isNull();
    }

    @Test
    void theSimulatorsShellRunsABatchAsARealOneDoes() {
        SimCluster sim = SimClusters.lab84(false);
        String nonce = Batch.nonce();
        List<RemoteCommand> reads = List.of(RemoteCommand.of("uname", "-n"), RemoteCommand.root("drbdadm", "nope"),
                RemoteCommand.of("cat", "/proc/drbd"));
        SimShell.Result r = new SimShell(sim, "alpha", "admin").run(RemoteCommand.of("sh", "-c",
                Batch.script(reads, false, nonce)).toShell(false));
        CommandResult[] split = Batch.split(new CommandResult(r.exit(), r.stdout(), r.stderr(), Duration.ZERO), 3,
                nonce);
        assertThat(split).isNotNull();
        assertThat(split[0].stdout()).isEqualTo("alpha\n");
        assertThat(split[1].exitCode()).isNotZero();
        assertThat(split[1].stderr()).isNotEmpty();
        assertThat(split[2].stdout()).startsWith("version: 8.4.11");
    }

    private static CommandResult sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new CommandResult(p.exitValue(), out, err, Duration.ZERO);
    }
}
