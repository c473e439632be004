// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.settings.PrivateFiles;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import io.drbdpilot.ssh.SshException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of a plan: every step, command, output and result as JSON lines in a local file, and a short line per
 * event in each node's syslog ({@code logger -t drbd-pilot}), so the admins of the nodes see what was done to them.
 * The syslog lines are sent beside the plan, never in its way.
 */
public final class Audit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SYSLOG_MAX = 900;

    private final Path file;
    private final NodeAccess access;
    private final String plan;
    private final ExecutorService syslog = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("audit-syslog").daemon().factory());
    private final List<String> lines = new ArrayList<>();

    /** @param file the local JSON-lines file (appended to), or null to keep the record in memory only */
    public Audit(Path file, NodeAccess access, String plan) {
        this.file = file;
        this.access = access;
        this.plan = plan;
    }

    public String plan() {
        return plan;
    }

    /** One event, with the plan id and the time. */
    public synchronized void event(String type, Map<String, ?> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", access.clock().instant().toString());
        m.put("plan", plan);
        m.put("event", type);
        m.putAll(fields);
        String line;
        try {
            line = JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines.add(line);
        if (file != null) {
            try {
                PrivateFiles.append(file, line + "\n"); // 0600: every command and its output
            } catch (IOException e) {
                LOG.warn("The audit file {} could not be written: {}", file, e.getMessage());
            }
        }
    }

    /** A command with its output; a change also goes to the node's syslog (reads are many and change nothing). */
    void command(String node, RemoteCommand c, CommandResult r, boolean change) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("argv", c.argv().stream().map(RemoteText::maskSecrets).toList());
        m.put("exit", r.exitCode());
        m.put("stdout", RemoteText.maskSecrets(RemoteText.lines(r.stdout())));
        m.put("stderr", RemoteText.maskSecrets(RemoteText.lines(r.stderr())));
        m.put("ms", r.duration().toMillis());
        event("command", m);
        if (change) {
            syslog(node, String.join(" ", c.argv()) + " -> exit " + r.exitCode());
        }
    }

    /** A line in the node's syslog, sent in the background; failures are only logged. */
    public void syslog(String node, String message) {
        String msg = ("plan " + plan + ": " + message).replaceAll("\\p{Cntrl}", " ");
        String text = msg.length() > SYSLOG_MAX ? msg.substring(0, SYSLOG_MAX) : msg;
        syslog.execute(() -> {
            try {
                CommandResult r = access.run(node, RemoteCommand.of("logger", "-t", "drbd-pilot", "--", text),
                        Duration.ofSeconds(10));
                if (!r.ok()) {
                    LOG.warn("logger on {} failed: {}", node, r.stderr().strip());
                }
            } catch (SshException e) {
                LOG.warn("logger on {} failed: {}", node, e.getMessage());
            }
        });
    }

    /** The lines written so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits (a little) for the syslog lines still being sent. */
    @Override
    public void close() {
        syslog.shutdown();
        try {
            if (!syslog.awaitTermination(10, TimeUnit.SECONDS)) {
                syslog.shutdownNow();
            }
        } catch (InterruptedException e) {
            syslog.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** How the command log names a plan from its start event: "switchover db to node-b (3f2a9c1e)". */
    static String title(Map<String, ?> start, String id) {
        Object kind = start.get("kind");
        Object res = start.get("resource");
        Object target = start.get("target");
        return (kind == null ? "plan" : kind) + (res == null ? "" : " " + res) + (target == null ? "" : " to " + target)
                + " (" + id + ")";
    }
}
