// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot;

import io.drbdpilot.sim.SimServer;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.KnownHosts;
import io.drbdpilot.ssh.NodeSession;
import io.drbdpilot.ssh.Prompter;
import io.drbdpilot.ssh.SshConnector;
import io.drbdpilot.ssh.SshTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SSH sessions, as root with the test key in {@code dir} ({@link TestKeys#clientKey}), to simulated nodes. The
 * keepalive interval decides how soon a dead node is noticed.
 */
public final class SimSessions {

    private SimSessions() {
    }

    /** One session per node of a running simulator server. */
    public static Map<String, NodeChannel> open(SimServer server, List<String> nodes, Path dir,
            Duration keepalive) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        nodes.forEach(n -> ports.put(n, server.port(n)));
        return open(ports, server.knownHostsFile(), dir, keepalive);
    }

    /** One session per node → loopback port (for a simulator served by another process). */
    public static Map<String, NodeChannel> open(Map<String, Integer> ports, Path knownHosts, Path dir,
            Duration keepalive) {
        SshConnector connector = new SshConnector(new KnownHosts(knownHosts), Prompter.NON_INTERACTIVE,
                Duration.ofSeconds(30), null);
        Map<String, NodeChannel> sessions = new LinkedHashMap<>();
        ports.forEach((n, port) -> sessions.put(n, new NodeSession(new SshTarget(n, "root", "127.0.0.1", port,
                List.of(dir.resolve("id")), List.of(), keepalive), connector, 8, Clock.systemUTC())));
        return sessions;
    }
}
