// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.KnownHosts;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.NodeSession;
import io.drbdpilot.ssh.OpenSshConfig;
import io.drbdpilot.ssh.Prompter;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshConnector;
import io.drbdpilot.ssh.SshTarget;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** What the real-node tests share: sessions to the nodes given as -Dlab.nodes, and the lab's fault scripts. */
final class LabNodes {

    private LabNodes() {
    }

    /** A session to {@code user@host:port} with -Dlab.identity and -Dlab.knownHosts, no prompts. */
    static NodeSession session(String spec, Duration keepalive, int channels) {
        SshTarget b = OpenSshConfig.empty(Path.of(System.getProperty("user.home")), "root").resolve(spec.strip());
        SshTarget t = new SshTarget(b.name(), b.user(), b.host(), b.port(),
                List.of(Path.of(System.getProperty("lab.identity"))), List.of(), keepalive);
        return new NodeSession(t, new SshConnector(new KnownHosts(Path.of(System.getProperty("lab.knownHosts"))),
                Prompter.NON_INTERACTIVE, Duration.ofSeconds(30), null), channels, Clock.systemUTC());
    }

    /**
     * A started monitor of alpha and beta, given as the first two of -Dlab.nodes, once both are live and read.
     */
    static ClusterMonitor monitor(List<String> specs) {
        Map<String, NodeChannel> sessions = new LinkedHashMap<>();
        sessions.put("alpha", session(specs.get(0), Duration.ofSeconds(3), 8));
        sessions.put("beta", session(specs.get(1), Duration.ofSeconds(3), 8));
        ClusterMonitor m = new ClusterMonitor("lab", sessions,
                Clock.systemUTC(), HealthPolicy.defaults());
        m.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> m.snapshot().nodes().stream()
                .allMatch(n -> n.isLive() && n.ready()));
        return m;
    }

    /** Runs one of the lab's scripts ({@code ./fault alpha cut}) from its directory, and requires it to succeed. */
    static void script(Path labDir, String... args) throws Exception {
        Process p = new ProcessBuilder(args).directory(labDir.toFile()).redirectErrorStream(true)
                // Never the test JVM's own stdin/stdout: they are surefire's channel to Maven.
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/lab-scripts.log")))
                .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args)).isZero();
    }

    /** A command as root on a node, through DRBD Pilot's own access (60 s at most). */
    static CommandResult root(NodeAccess access, String node, String... argv) throws Exception {
        return access.run(node, RemoteCommand.root(argv), Duration.ofSeconds(60));
    }

    /** A node's /proc/drbd, or "" when it cannot be read. */
    static String proc(NodeAccess access, String node) {
        try {
            return access.run(node, RemoteCommand.of("cat", "/proc/drbd"), Duration.ofSeconds(60)).stdout();
        } catch (Exception e) {
            return "";
        }
    }

    /** sha256 of r1's device on a node that may open it (a Primary, on 8.4). */
    static String sha256(NodeAccess access, String node) throws Exception {
        CommandResult r = root(access, node, "sha256sum", "/dev/drbd1");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout().split("\\s+")[0];
    }

    /** Waits (3 min at most) until r1 is back at its baseline: Secondary on both, Connected, both UpToDate. */
    static void awaitR1Baseline(NodeAccess access) {
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                proc(access, "alpha").contains("1: cs:Connected ro:Secondary/Secondary ds:UpToDate/UpToDate"));
    }
}
