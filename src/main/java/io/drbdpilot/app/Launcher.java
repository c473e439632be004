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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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
        int code;
        if (opensWindow(args)) {
            // The window needs no command line: picocli's classes are Java 5 class files, which the JVM's AOT cache
            // cannot hold, and loading them from the jar costs the window's start a tenth of a second or more.
            launcher.smokeTest = args.length == 1;
            try {
                code = launcher.call();
            } catch (RuntimeException e) {
                e.printStackTrace(); // as picocli reports a command's failure
                code = 1;
            }
        } else {
            code = commandLine(launcher, args).execute(args);
        }
        if (!launcher.guiRunning) {
            System.exit(code);
        }
        // The GUI keeps the JVM alive on the JavaFX thread; it exits when the last window closes.
    }

    /** Whether these arguments only open the window (none, or the hidden --smoke-test). */
    static boolean opensWindow(String[] args) {
        return args.length == 0 || args.length == 1 && args[0].equals("--smoke-test");
    }

    /** The configured picocli command line with every command, also used by tests. */
    public static CommandLine commandLine(Launcher launcher) {
        return commandLine(launcher, new String[] {"--help"});
    }

    /**
     * The command line for these arguments: only the command they name is built (picocli reads each command's
     * annotations when it is added, about half a second for all of them before the JVM is warm: a one-shot
     * {@code status} or the window should not pay for the others); every command for help or an unknown word.
     */
    static CommandLine commandLine(Launcher launcher, String[] args) {
        AppDirs dirs = AppDirs.current();
        System.setProperty("drbdpilot.help.settings", dirs.settingsFile().toString());
        System.setProperty("drbdpilot.help.logs", LogbackConfigurator.logDir().toString());
        CommandLine cl = new CommandLine(launcher);
        SettingsStore settings = new SettingsStore(dirs.settingsFile());
        Path audit = dirs.stateDir().resolve("audit.jsonl");
        Map<String, Supplier<Object>> verbs = new LinkedHashMap<>();
        verbs.put("inspect", InspectCommand::new);
        verbs.put("sim", () -> new SimCommand(dirs.stateDir().resolve("sim")));
        verbs.put("status", () -> new StatusCommand(settings));
        verbs.put("watch", () -> new WatchCommand(settings));
        verbs.put("import", () -> new ImportCommand(settings));
        verbs.put("switchover", () -> new SwitchoverCommand(settings, audit));
        verbs.put("migrate", () -> new MigrateCommand(settings, audit));
        verbs.put("split-brain", () -> new SplitBrainCommand(settings, audit));
        verbs.put("verify", () -> new VerifyCommand(settings, audit, dirs.stateDir().resolve("verify-history.jsonl")));
        verbs.put("resync", () -> new ResyncCommand(settings, audit));
        verbs.put("adjust", () -> new AdjustCommand(settings, audit));
        verbs.put("resize", () -> new ResizeCommand(settings, audit));
        verbs.put("force-secondary", () -> new ForceSecondaryCommand(settings, audit));
        verbs.put("evict", () -> new EvictCommand(settings, audit));
        verbs.put("replace-disk", () -> new ReplaceDiskCommand(settings, audit));
        verbs.put("help", CommandLine.HelpCommand::new);
        String first = args.length == 0 ? null : args[0];
        boolean all = Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h") || a.equals("help"))
                || (first != null && !first.startsWith("-") && !verbs.containsKey(first));
        verbs.forEach((name, make) -> {
            if (all || name.equals(first)) {
                cl.addSubcommand(name, make.get());
            }
        });
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cl.setExecutionStrategy(parsed -> {
            if (!parsed.hasSubcommand() && !launcher.stray.isEmpty()) {
                cl.getErr().println(AppInfo.COMMAND + ": unknown command '" + launcher.stray.get(0) + "'. The "
                        + "commands are: " + String.join(", ", verbs.keySet()) + ". See "
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
