// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The shared host key cases against the in-process Apache MINA server. */
class MinaHostKeyTest extends HostKeyCases {

    @TempDir
    static Path dir;
    private static MinaServer server;
    private static Path key;
    private static String hostKeyLine;

    @BeforeAll
    static void start() throws Exception {
        key = MinaSshTest.keygen(dir.resolve("id_ed25519"), "ed25519");
        Path auth = dir.resolve("authorized_keys");
        Files.copy(dir.resolve("id_ed25519.pub"), auth);
        server = new MinaServer(dir, auth).start(0);
        // learn the server's key the way a user would: accept it once, into a scratch file
        Path scratch = dir.resolve("scratch_known_hosts");
        SshTarget t = new SshTarget("mina", "root", "127.0.0.1", server.port(), List.of(key), List.of(),
                Duration.ofSeconds(5), HostKeyPolicy.of(scratch));
        try (SshConnector.Connection c = new SshConnector(new KnownHosts(scratch), new TestPrompter(true, null),
                Duration.ofSeconds(10), null).connect(t)) {
            String line = Files.readString(scratch).strip();
            hostKeyLine = line.substring(line.indexOf(' ') + 1);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    int port() {
        return server.port();
    }

    @Override
    Path clientKey() {
        return key;
    }

    @Override
    String hostKeyLine() {
        return hostKeyLine;
    }
}
