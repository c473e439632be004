// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What each node reports for one resource, as text (the workspace's raw panel): its lines of {@code /proc/drbd} and
 * its {@code drbdsetup events2 --now} records, read over the monitor's sessions, with secrets masked and control
 * characters gone.
 */
public final class RawReadings {

    private RawReadings() {
    }

    /** Reads every node, one after another; a node that fails says why, and the others still show. */
    public static String collect(ClusterMonitor m, String res, Duration timeout) {
        StringBuilder sb = new StringBuilder();
        for (String node : m.nodeNames()) {
            sb.append("── ").append(node).append(" ──────────────────────────────\n");
            try {
                CommandResult proc = m.run(node, RemoteCommand.of("cat", "/proc/drbd"), timeout);
                Integer minor = m.snapshot().node(node).flatMap(v -> v.resource(res))
                        .flatMap(r -> r.devices().stream().findFirst()).map(d -> d.minor()).orElse(null);
                sb.append("/proc/drbd").append(minor == null ? "" : " (minor " + minor + ")").append(":\n");
                sb.append(procLines(proc.stdout(), minor)).append('\n');
                CommandResult ev = m.run(node, RemoteCommand.root("drbdsetup", "events2", "--now", "--statistics",
                        "all"), timeout);
                sb.append("events2:\n");
                if (ev.ok()) {
                    sb.append(events2Lines(ev.stdout(), res));
                } else {
                    sb.append("  (not available here: exit ").append(ev.exitCode()).append(", ")
                            .append(ev.stderr().strip()).append(")\n");
                }
            } catch (SshException e) {
                sb.append("  cannot read: ").append(e.getMessage()).append('\n');
            }
            sb.append('\n');
        }
        // made safe here, off the FX thread: secrets masked, controls gone
        return RemoteText.lines(RemoteText.maskSecrets(sb.toString()));
    }

    /** The lines of one minor in /proc/drbd: its line and the indented ones under it. */
    public static String procLines(String proc, Integer minor) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : proc.split("\n")) {
            if (line.matches("^\\s*\\d+:.*")) {
                in = minor != null && line.strip().startsWith(minor + ":");
            } else if (!line.startsWith(" ") && !line.startsWith("\t")) {
                in = false;
            }
            if (in) {
                out.add(line);
            }
        }
        return out.isEmpty() ? "  (no line for this resource)" : String.join("\n", out);
    }

    /** The events2 records of one resource (the {@code name:} token must match exactly). */
    public static String events2Lines(String events2, String res) {
        StringBuilder sb = new StringBuilder();
        for (String line : events2.split("\n")) {
            for (String token : line.split(" ")) {
                if (token.equals("name:" + res)) {
                    sb.append(line).append('\n');
                    break;
                }
            }
        }
        return sb.isEmpty() ? "  (no records for this resource)\n" : sb.toString();
    }
}
