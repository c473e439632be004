// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LauncherTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Launcher.commandLine(new Launcher(), args); // as main() builds it
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(AppInfo.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(r.out()).startsWith("drbd-pilot " + AppInfo.version() + System.lineSeparator());
    }

    @Test
    void helpDescribesTheToolAndWhereFilesLive() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: drbd-pilot").contains("--version")
                .contains("Without a command, opens the DRBD Pilot window")
                .contains("settings.json").contains("Logs:")
                .doesNotContain("smoke-test");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("--frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void anUnknownCommandIsAUsageErrorEvenWithHelp() {
        Run r = run("NOSUCH", "--help");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'NOSUCH'").contains("status").contains("switchover");
        assertThat(r.out()).isEmpty();
        assertThat(run("status", "--help").code()).isZero();
    }

    @Test
    void onlyNoArgumentsOrTheSmokeTestOpenTheWindowWithoutTheCommandLine() {
        assertThat(Launcher.opensWindow(new String[0])).isTrue();
        assertThat(Launcher.opensWindow(new String[] {"--smoke-test"})).isTrue();
        assertThat(Launcher.opensWindow(new String[] {"--smoke-test", "--help"})).isFalse();
        assertThat(Launcher.opensWindow(new String[] {"--help"})).isFalse();
        assertThat(Launcher.opensWindow(new String[] {"--version"})).isFalse();
        assertThat(Launcher.opensWindow(new String[] {"status"})).isFalse();
        assertThat(Launcher.opensWindow(new String[] {"--smoke"})).isFalse(); // refused by the command line
    }

    @Test
    void onlyTheNamedCommandIsBuiltAndAnUnknownWordStillListsThemAll() {
        assertThat(Launcher.commandLine(new Launcher(), new String[] {"status", "--node", "a=root@h"})
                .getSubcommands().keySet()).containsExactly("status");
        assertThat(Launcher.commandLine(new Launcher(), new String[] {"--smoke-test"}).getSubcommands()).isEmpty();
        assertThat(Launcher.commandLine(new Launcher(), new String[] {"inspect", "-"}).getSubcommands().keySet())
                .containsExactly("inspect");
        assertThat(Launcher.commandLine(new Launcher(), new String[] {"--help"}).getSubcommands().keySet())
                .startsWith("inspect", "sim", "status").endsWith("replace-disk", "help");
        Run r = run("NOSUCH");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'NOSUCH'").contains("status").contains("replace-disk")
                .contains("inspect");
        assertThat(run("help", "switchover").out()).contains("Usage: drbd-pilot switchover");
    }

    @Test
    void everyCommandsSummaryInTheTopLevelHelpIsAWholeSentence() {
        CommandLine cl = Launcher.commandLine(new Launcher());
        cl.getSubcommands().forEach((name, sub) -> {
            String[] d = sub.getCommandSpec().usageMessage().description();
            if (d.length > 0) {
                assertThat(d[0].strip()).as(name + "'s first description line, listed by --help").endsWith(".");
            }
        });
    }

    @Test
    void importListsOnlyTheOptionsItUses() {
        Run r = run("import", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--identity").contains("--known-hosts").contains("--save").contains("--set")
                .doesNotContain("--cluster").doesNotContain("--node").doesNotContain("--timeout");
    }
}
