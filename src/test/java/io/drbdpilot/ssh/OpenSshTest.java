// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH layer against a real OpenSSH sshd on loopback (its MaxSessions of 10 is the reason for the cap). */
class OpenSshTest {

    @TempDir
    static Path dir;
    private static OpenSshServer sshd;
    private static NodeSession session;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(OpenSshServer.available()).as("/usr/sbin/sshd present and running as root").isTrue();
        sshd = new OpenSshServer(dir);
        SshTarget t = new SshTarget("local-openssh", "root", "127.0.0.1", sshd.port, List.of(sshd.clientKey),
                List.of(), Duration.ofSeconds(5));
        session = new NodeSession(t, new SshConnector(new KnownHosts(dir.resolve("known_hosts")),
                new TestPrompter(true, null), Duration.ofSeconds(10), null), 8, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (session != null) {
            session.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void ed25519KeyLoginAndTheHostKeyIsRecordedInOpenSshFormat() throws Exception {
        CommandResult r = session.run(RemoteCommand.of("id", "-un"), Duration.ofSeconds(10));
        assertThat(r.stdout().strip()).isEqualTo("root");
        String kh = Files.readString(dir.resolve("known_hosts"));
        assertThat(kh).startsWith("[127.0.0.1]:" + sshd.port + " ssh-ed25519 AAAA");
        // OpenSSH's own tool agrees with the line we wrote.
        Process p = new ProcessBuilder("ssh-keygen", "-F", "[127.0.0.1]:" + sshd.port, "-f",
                dir.resolve("known_hosts").toString()).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void hostileArgumentsSurviveTheRealLoginShell() throws Exception {
        List<String> hostile = List.of("r0; rm -rf /", "$(id)", "`id`", "it's", "a\nb", "ünïcødé ✓", "", "$HOME");
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\000"));
        argv.addAll(hostile);
        CommandResult r = session.run(new RemoteCommand(argv, false), Duration.ofSeconds(10));
        assertThat(Arrays.asList(r.stdout().split("\0", -1)).subList(0, hostile.size()))
                .containsExactlyElementsOf(hostile);
    }

    @Test
    void twentyParallelCommandsStayUnderOpenSshsSessionLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<CommandResult>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                fs.add(pool.submit(() -> session.run(RemoteCommand.of("echo", Integer.toString(n)),
                        Duration.ofSeconds(30))));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(fs.get(i).get(30, TimeUnit.SECONDS).stdout()).isEqualTo(i + "\n");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
