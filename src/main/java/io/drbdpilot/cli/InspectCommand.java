// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.HistoryReplay;
import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.HealthCheck;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.inspect.Inspector;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.ssh.RemoteText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drbd-pilot inspect FILE...}: reads captured DRBD output and says what state it shows and what is wrong. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {
            "Read captured DRBD output and print the normalised state and the health findings.",
            "Reads /proc/drbd, drbdsetup events2, drbdsetup status --json, drbdadm status, drbdadm dump-xml, "
                    + "drbdadm --version, and lab captures with '### host$ command' sections. The format is detected."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:healthy: no finding at warning level",
            "1:findings at warning level or worse",
            "2:an input could not be read"})
public final class InspectCommand implements Callable<Integer> {

    public static final int HEALTHY = 0;
    public static final int FINDINGS = 1;
    public static final int UNREADABLE = 2;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to read; - reads standard input.")
    List<String> files;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Option(names = "--history", description = "Also print the sequence of states in an events2 stream (each change "
            + "of a role, disk, connection or replication state), not only the last one.")
    boolean history;

    @Spec
    CommandSpec spec;

    private final InputStream stdin;
    private final Clock clock;

    public InspectCommand() {
        this(System.in, Clock.systemUTC());
    }

    public InspectCommand(InputStream stdin, Clock clock) {
        this.stdin = stdin;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Inspector.Source> sources = new ArrayList<>();
        boolean unreadable = false;
        for (String file : files) {
            String name = file.equals("-") ? "<stdin>" : file;
            try {
                String text = file.equals("-") ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file), StandardCharsets.UTF_8);
                sources.add(new Inspector.Source(name, text));
            } catch (IOException | RuntimeException e) {
                err.println("inspect: cannot read " + name + ": " + describe(e));
                unreadable = true;
            }
        }
        // Exported histories (watch --jsonl) are replayed rather than inspected as DRBD output.
        boolean historyFindings = false;
        for (Inspector.Source src : List.copyOf(sources)) {
            if (HistoryReplay.looksLikeHistory(src.text())) {
                sources.remove(src);
                try {
                    HistoryReplay.Result h = HistoryReplay.replay(src.text());
                    out.println("== " + src.name() + " (event history, " + h.events().size() + " changes)");
                    h.events().forEach(e -> out.println("  " + e.at() + "  " + e.key() + ": "
                            + (e.from() == null ? "" : e.from() + " -> ") + (e.to() == null ? "gone" : e.to())));
                    out.println(h.activeFindings().isEmpty() ? "  findings at the end: none"
                            : "  findings at the end:");
                    h.activeFindings().forEach(f -> out.println("    " + f));
                    historyFindings |= h.activeFindings().stream().anyMatch(f -> f.contains(": WARNING ")
                            || f.contains(": DANGER "));
                } catch (ParseException e) {
                    err.println("inspect: " + src.name() + ":" + e.lineNumber() + ": cannot read: " + e.reason());
                    unreadable = true;
                }
            }
        }
        List<InspectRenderer.Input> inputs = new ArrayList<>();
        for (Inspector.Result r : Inspector.inspectAll(sources, clock.instant())) {
            ParseException e = r.error();
            if (e != null) {
                err.println("inspect: " + r.name() + (e.lineNumber() > 0 ? ":" + e.lineNumber() : "")
                        + ": cannot read: " + e.reason());
                if (!e.line().isEmpty()) {
                    err.println("    " + e.line());
                }
                unreadable = true;
            } else {
                inputs.add(new InspectRenderer.Input(r.name(), r.format().label(), r.nodes()));
            }
        }
        if (json) {
            out.println(InspectRenderer.json(inputs));
        } else {
            out.print(InspectRenderer.table(inputs));
        }
        if (history && !json) {
            for (Inspector.Source src : sources) {
                Inspector.histories(src).forEach((node, changes) -> {
                    out.println("== history of " + node + " in " + src.name() + " (" + changes.size() + " changes)");
                    changes.forEach(c -> out.println("  " + RemoteText.line(c)));
                });
            }
        }
        out.flush();
        err.flush();
        if (unreadable) {
            return UNREADABLE;
        }
        List<Finding> all = inputs.stream().flatMap(i -> i.nodes().stream()).flatMap(n -> n.findings().stream())
                .toList();
        return historyFindings || HealthCheck.worst(all).filter(s -> s.atLeast(Severity.WARNING)).isPresent()
                ? FINDINGS : HEALTHY;
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
