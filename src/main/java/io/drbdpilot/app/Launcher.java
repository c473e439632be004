// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.app;

import io.drbdpilot.cli.AdjustCommand;
import io.drbdpilot.cli.EvictCommand;
import io.drbdpilot.cli.ForceSecondaryCommand;
import io.drbdpilot.cli.ImportCommand;
import io.drbdpilot.cli.InspectCommand;
import io.drbdpilot.cli.MigrateCommand;
import io.drbdpilot.cli.SimCommand;
import io.drbdpilot.cli.SplitBrainCommand;
import io.drbdpilot.cli.StatusCommand;
import io.drbdpilot.cli.SwitchoverCommand;
import io.drbdpilot.cli.ReplaceDiskCommand;
import io.drbdpilot.cli.ResizeCommand;
import io.drbdpilot.cli.ResyncCommand;
import io.drbdpilot.cli.VerifyCommand;
import io.drbdpilot.cli.WatchCommand;
import io.drbdpilot.settings.AppDirs;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The single entry point of the app and the CLI. With no subcommand it opens the window; subcommands run headless.
 * Not a JavaFX {@code Application}: with JavaFX on the class path, such a main class refuses to start.
 */
@Command(name = AppInfo.COMMAND,
        mixinStandardHelpOptions = true,
        versionProvider = Launcher.Version.class,
        description = {
            "Desktop console and CLI for DRBD-replicated storage clusters.",
            "Without a command, opens the DRBD Pilot window."},
        subcommands = {InspectCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Settings: %n  " + "${sys:drbdpilot.help.settings}", "Logs: %n  ${sys:drbdpilot.help.logs}"})
public final class Launcher implements Callable<Integer> {

    @Option(names = "--smoke-test", hidden = true,
            description = "Open the window, print the time to first window, then exit (for CI and measurements).")
    boolean smokeTest;

    /** A word that is no command ({@code drbd-pilot NOSUCH}): refused, even with --help. */
    @Parameters(hidden = true)
    List<String> stray = new ArrayList<>();

    private boolean guiRunning;

    public static void main(String[] args) {
        Launcher launcher = new Launcher();
        int code = commandLine(launcher).execute(args);
        if (!launcher.guiRunning) {
            System.exit(code);
        }
        // The GUI keeps the JVM alive on the JavaFX thread; it exits when the last window closes.
    }

    /** The configured picocli command line, also used by tests. */
    public static CommandLine commandLine(Launcher launcher) {
        AppDirs dirs = AppDirs.current();
        System.setProperty("drbdpilot.help.settings", dirs.settingsFile().toString());
        System.setProperty("drbdpilot.help.logs", LogbackConfigurator.logDir().toString());
        CommandLine cl = new CommandLine(launcher);
        cl.addSubcommand("sim", new SimCommand(dirs.stateDir().resolve("sim")));
        SettingsStore settings = new SettingsStore(dirs.settingsFile());
        cl.addSubcommand("status", new StatusCommand(settings));
        cl.addSubcommand("watch", new WatchCommand(settings));
        cl.addSubcommand("import", new ImportCommand(settings));
        cl.addSubcommand("switchover", new SwitchoverCommand(settings,
                dirs.stateDir().resolve("audit.jsonl")));
        cl.addSubcommand("migrate", new MigrateCommand(settings,
                dirs.stateDir().resolve("audit.jsonl")));
        cl.addSubcommand("split-brain", new SplitBrainCommand(settings, dirs.stateDir().resolve("audit.jsonl")));
        cl.addSubcommand("verify", new VerifyCommand(settings, dirs.stateDir().resolve("audit.jsonl"),
                dirs.stateDir().resolve("verify-history.jsonl")));
        cl.addSubcommand("resync", new ResyncCommand(settings, dirs.stateDir().resolve("audit.jsonl")));
        cl.addSubcommand("adjust", new AdjustCommand(settings, dirs.stateDir().resolve("audit.jsonl")));
        cl.addSubcommand("resize", new ResizeCommand(settings, dirs.stateDir().resolve("audit.jsonl")));
        cl.addSubcommand("force-secondary", new ForceSecondaryCommand(settings, dirs.stateDir().resolve(
                "audit.jsonl")));
        cl.addSubcommand("evict", new EvictCommand(settings, dirs.stateDir().resolve("audit.jsonl")));
        cl.addSubcommand("replace-disk", new ReplaceDiskCommand(settings, dirs.stateDir().resolve("audit.jsonl")));
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cl.setExecutionStrategy(parsed -> {
            if (!parsed.hasSubcommand() && !launcher.stray.isEmpty()) {
                cl.getErr().println(AppInfo.COMMAND + ": unknown command '" + launcher.stray.get(0) + "'. The "
                        + "commands are: " + String.join(", ", cl.getSubcommands().keySet()) + ". See "
                        + AppInfo.COMMAND + " --help.");
                return 2;
            }
            return run.execute(parsed);
        });
        return cl;
    }

    @Override
    public Integer call() {
        AppServices services = AppServices.create(AppDirs.current());
        int code = GuiLauncher.launch(services, smokeTest, new PrintWriter(System.err, true));
        guiRunning = code == GuiLauncher.RUNNING;
        return guiRunning ? 0 : code;
    }

    /** Prints the name, version and runtime, e.g. {@code drbd-pilot 0.1.0}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                AppInfo.COMMAND + " " + AppInfo.version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")"};
        }
    }
}
