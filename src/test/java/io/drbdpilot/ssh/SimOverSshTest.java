// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Events2Parser;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator served over real SSH, read through the product's own SSH layer and parsers. */
class SimOverSshTest {

    @TempDir
    Path dir;
    private SimCluster cluster;
    private SimServer server;
    private Path key;
    private final List<NodeSession> sessions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        key = MinaSshTest.keygen(dir.resolve("id_ed25519"), "ed25519");
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        cluster = SimClusters.lab84(false);
        server = new SimServer(cluster, dir.resolve("state"), dir.resolve("authorized_keys"), 0).start();
    }

    @AfterEach
    void stop() {
        sessions.forEach(NodeSession::close);
        server.close();
    }

    private NodeSession session(String node, String user) {
        SshTarget t = new SshTarget(node, user, "127.0.0.1", server.port(node), List.of(key), List.of(),
                Duration.ofSeconds(2));
        NodeSession s = new NodeSession(t, new SshConnector(new KnownHosts(server.knownHostsFile()),
                Prompter.NON_INTERACTIVE, Duration.ofSeconds(10), null), 8, Clock.systemUTC());
        sessions.add(s);
        return s;
    }

    @Test
    void hostKeysAreKnownAndCommandsAnswerLikeARealNode() throws Exception {
        NodeSession alpha = session("alpha", "root");
        CommandResult proc = alpha.run(RemoteCommand.of("cat", "/proc/drbd"), Duration.ofSeconds(10));
        assertThat(ProcDrbdParser.parse(proc.stdout()).value().devices()).hasSize(2);
        CommandResult refused = session("beta", "root").run(RemoteCommand.root("drbdadm", "primary", "r0"),
                Duration.ofSeconds(10));
        assertThat(refused.exitCode()).isEqualTo(11);
        assertThat(refused.stderr()).startsWith("0: State change failed: (-1) Multiple primaries not allowed by config");
        CommandResult unknown = alpha.run(RemoteCommand.of("nosuchtool"), Duration.ofSeconds(10));
        assertThat(unknown.exitCode()).isEqualTo(127);
        // A non-root login needs sudo, as on the lab.
        NodeSession admin = session("alpha", "admin");
        assertThat(admin.run(RemoteCommand.root("drbdadm", "role", "r0"), Duration.ofSeconds(10)).stdout())
                .isEqualTo("Primary/Secondary\n");
    }

    @Test
    void events2StreamsChangesWhenALinkIsCut() throws Exception {
        NodeSession alpha = session("alpha", "root");
        Events2State state = new Events2State();
        List<String> lines = new CopyOnWriteArrayList<>();
        StreamHandle h = alpha.stream(RemoteCommand.root("drbdsetup", "events2", "--timestamps", "--statistics",
                "all"), line -> {
                    lines.add(line);
                    try {
                        synchronized (state) {
                            state.apply(Events2Parser.parseLine(line, lines.size()));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.endsWith(" exists -")));
        // The fault, injected through another node's shell.
        session("beta", "root").run(RemoteCommand.of("sim", "cut", "alpha", "beta"), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            synchronized (state) {
                ResourceState r0 = state.resources().get(0);
                return r0.connections().get(0).connection().is(CState.CONNECTING);
            }
        });
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("change connection name:r0 peer-node-id:0 "
                + "conn-name:peer connection:Connecting role:Unknown"));
        h.write("n\n"); // --poll refresh is accepted
        h.cancel();
        assertThat(h.ended().get().reason()).isEqualTo(StreamHandle.End.Reason.CANCELLED);
    }

    @Test
    void droppedSessionsReconnectAndLatencyIsAdded() throws Exception {
        NodeSession alpha = session("alpha", "root");
        alpha.connect();
        cluster.hosts().dropSessions("alpha");
        await().atMost(Duration.ofSeconds(15)).until(() -> alpha.state().kind() != SessionState.Kind.UP);
        await().atMost(Duration.ofSeconds(15)).until(() -> alpha.state().kind() == SessionState.Kind.UP);
        cluster.hosts().latency("alpha", Duration.ofMillis(300));
        CommandResult r = alpha.run(RemoteCommand.of("true"), Duration.ofSeconds(10));
        assertThat(r.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
