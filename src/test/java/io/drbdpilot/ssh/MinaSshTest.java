// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.ssh.SessionState.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH layer against an in-process Apache MINA server on a random loopback port. */
class MinaSshTest {

    @TempDir
    Path dir;
    private Path key;
    private Path knownHosts;
    private MinaServer server;
    private final List<NodeSession> sessions = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        key = keygen(dir.resolve("id_ed25519"), "ed25519");
        Path auth = dir.resolve("authorized_keys");
        Files.copy(dir.resolve("id_ed25519.pub"), auth);
        knownHosts = dir.resolve("known_hosts");
        server = new MinaServer(dir, auth).start(0);
    }

    @AfterEach
    void tearDown() throws Exception {
        sessions.forEach(NodeSession::close);
        server.close();
    }

    /** A key in OpenSSH's own format, made by ssh-keygen (JSch cannot write ed25519 keys). */
    static Path keygen(Path file, String type) throws Exception {
        return io.drbdpilot.TestKeys.keygen(file, type);
    }

    private SshTarget target(String user, List<Path> keys) {
        return new SshTarget("node1", user, "127.0.0.1", server.port(), keys, List.of(), Duration.ofSeconds(1));
    }

    private NodeSession session(SshTarget t, Prompter p, int maxChannels) {
        NodeSession s = new NodeSession(t, new SshConnector(new KnownHosts(knownHosts), p, Duration.ofSeconds(10),
                null), maxChannels, Clock.systemUTC());
        sessions.add(s);
        return s;
    }

    private NodeSession rootSession() {
        return session(target("root", List.of(key)), new TestPrompter(true, null), 8);
    }

    @Test
    void keyLoginRunsACommandAndReportsExitCodeOutputAndDuration() throws Exception {
        CommandResult r = rootSession().run(RemoteCommand.of("sh", "-c", "echo out; echo err >&2; exit 3"),
                Duration.ofSeconds(10));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.duration()).isPositive();
    }

    @Test
    void sshAgentKeysAreOfferedFirstAndTheAgentIsLeftUnchanged() throws Exception {
        Path sock = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString()).redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sock));
            assertThat(sshAdd(sock, key.toString())).startsWith("0:");
            NodeSession s = new NodeSession(target("root", List.of()), new SshConnector(new KnownHosts(knownHosts),
                    new TestPrompter(true, null), Duration.ofSeconds(10), sock), 8, Clock.systemUTC());
            sessions.add(s);
            assertThat(s.run(RemoteCommand.of("echo", "via agent"), Duration.ofSeconds(10)).stdout())
                    .isEqualTo("via agent\n");
            // Still exactly the one key the user added: nothing was pushed into the agent.
            assertThat(sshAdd(sock, "-l")).startsWith("0:").satisfies(o -> assertThat(o.lines()).hasSize(1));
        } finally {
            agent.destroy();
        }
    }

    /** Runs ssh-add against the agent; returns "exit:output". */
    private static String sshAdd(Path sock, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ssh-add"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SSH_AUTH_SOCK", sock.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + out;
    }

    @Test
    void anEncryptedKeyAsksForItsPassphrase() throws Exception {
        Path enc = dir.resolve("enc_ed25519");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "horse battery", "-f",
                enc.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(dir.resolve("enc_ed25519.pub")),
                StandardOpenOption.APPEND);
        TestPrompter prompter = new TestPrompter(true, null);
        prompter.passphrase = "horse battery";
        NodeSession s = session(target("root", List.of(enc)), prompter, 8);
        assertThat(s.run(RemoteCommand.of("echo", "unlocked"), Duration.ofSeconds(10)).stdout())
                .isEqualTo("unlocked\n");
        assertThat(prompter.passphrasesAsked).isNotEmpty();
    }

    @Test
    void ecdsaAndPemRsaKeysLogInToo() throws Exception {
        Path ecdsa = keygen(dir.resolve("id_ecdsa"), "ecdsa");
        Path rsa = dir.resolve("id_rsa_pem");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-m", "PEM", "-N", "", "-f",
                rsa.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(rsa)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        for (Path k : List.of(ecdsa, rsa)) {
            Files.writeString(dir.resolve("authorized_keys"), Files.readString(Path.of(k + ".pub")),
                    StandardOpenOption.APPEND);
            NodeSession s = session(target("root", List.of(k)), new TestPrompter(true, null), 8);
            assertThat(s.run(RemoteCommand.of("echo", k.getFileName().toString()), Duration.ofSeconds(10)).stdout())
                    .isEqualTo(k.getFileName() + "\n");
        }
    }

    @Test
    void passwordLoginThroughThePrompter() throws Exception {
        TestPrompter p = new TestPrompter(true, "s3cret");
        NodeSession s = session(target("admin", List.of()), p, 8);
        assertThat(s.run(RemoteCommand.of("echo", "hi"), Duration.ofSeconds(10)).stdout()).isEqualTo("hi\n");
        assertThat(p.passwordPrompts).isNotEmpty();
        assertThat(Files.readString(knownHosts)).doesNotContain("s3cret");
    }

    @Test
    void aWrongKeyFailsAndNamesTheMethodsTried() throws Exception {
        Path other = keygen(dir.resolve("other_key"), "ed25519");
        NodeSession s = session(target("root", List.of(other)), new TestPrompter(true, null), 8);
        List<SessionState> states = new CopyOnWriteArrayList<>();
        s.addListener(states::add);
        assertThatThrownBy(s::connect).isInstanceOfSatisfying(SshException.AuthFailed.class, e -> assertThat(
                e.getMessage()).contains("Login to root@127.0.0.1:" + server.port() + " failed")
                .contains("ssh-agent (0 keys)").contains("key files " + other).contains("password (declined)"));
        assertThat(s.state().kind()).isEqualTo(Kind.AUTH_FAILED);
        assertThat(states).extracting(SessionState::kind).containsExactly(Kind.CONNECTING, Kind.AUTH_FAILED);
    }

    @Test
    void unknownHostKeyIsShownAndOnlyAddedWhenAccepted() throws Exception {
        TestPrompter no = new TestPrompter(false, null);
        NodeSession refused = session(target("root", List.of(key)), no, 8);
        assertThatThrownBy(refused::connect).isInstanceOf(SshException.HostKeyRejected.class)
                .hasMessageContaining("not in " + knownHosts).hasMessageContaining("SHA256:");
        assertThat(refused.state().kind()).isEqualTo(Kind.HOSTKEY_REJECTED);
        assertThat(no.hostKeysShown).singleElement().satisfies(k -> {
            assertThat(k.firstContact()).isTrue();
            assertThat(k.host()).isEqualTo("[127.0.0.1]:" + server.port());
            assertThat(k.keyType()).startsWith("ecdsa-sha2-");
            assertThat(k.fingerprint()).startsWith("SHA256:");
        });
        assertThat(knownHosts).doesNotExist();

        TestPrompter yes = new TestPrompter(true, null);
        session(target("root", List.of(key)), yes, 8).connect();
        assertThat(Files.readString(knownHosts)).startsWith("[127.0.0.1]:" + server.port() + " ecdsa-sha2-");

        TestPrompter again = new TestPrompter(false, null);
        session(target("root", List.of(key)), again, 8).connect();
        assertThat(again.hostKeysShown).isEmpty(); // known now: no question asked
    }

    @Test
    void aKeyOfANewTypeForAHostWithKnownKeysIsALoudWarningNotAFirstConnection() throws Exception {
        // known_hosts has an ed25519 key for the host; the server offers only ECDSA (as a replaced host, or a man in
        // the middle, would): OpenSSH warns that keys of other types are known, and so does DRBD Pilot
        Path other = keygen(dir.resolve("other_ed25519"), "ed25519");
        String pub = Files.readString(Path.of(other + ".pub")).strip().split("\\s+")[1];
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " ssh-ed25519 " + pub + "\n");
        TestPrompter no = new TestPrompter(false, null);
        NodeSession s = session(target("root", List.of(key)), no, 8);
        assertThatThrownBy(s::connect).isInstanceOf(SshException.HostKeyRejected.class);
        assertThat(no.hostKeysShown).singleElement().satisfies(k -> {
            assertThat(k.firstContact()).isFalse();
            assertThat(k.keyType()).startsWith("ecdsa-sha2-");
            assertThat(k.otherKnown()).singleElement().satisfies(o -> assertThat(o).startsWith("ssh-ed25519 SHA256:")
                    .contains("line 1"));
        });
        assertThat(Files.readString(knownHosts).lines()).hasSize(1); // nothing added
        assertThat(new KnownHosts(knownHosts).check("[127.0.0.1]:" + server.port(),
                Base64.getDecoder().decode(pub)).status()).isEqualTo(KnownHosts.Status.KNOWN);
    }

    @Test
    void aChangedHostKeyIsAHardRefusalWithBothFingerprintsAndTheLine() throws Exception {
        rootSession().connect(); // learn the real key
        String real = Files.readString(knownHosts);
        String fake = real.replaceFirst("(ecdsa-sha2-\\S+ \\S{60})\\S{4}", "$1AAAA");
        Files.writeString(knownHosts, "# first line\n" + fake);
        TestPrompter p = new TestPrompter(true, null);
        NodeSession s = session(target("root", List.of(key)), p, 8);
        assertThatThrownBy(s::connect).isInstanceOfSatisfying(SshException.HostKeyChanged.class, e -> {
            assertThat(e.getMessage()).contains("has CHANGED").contains("remove line 2 of " + knownHosts);
            assertThat(e.oldFingerprint()).isNotEqualTo(e.newFingerprint());
            assertThat(e.getMessage()).contains(e.oldFingerprint()).contains(e.newFingerprint());
        });
        assertThat(p.hostKeysShown).isEmpty(); // never offered as "accept anyway"
        assertThat(Files.readString(knownHosts)).isEqualTo("# first line\n" + fake);
    }

    @Test
    void aSlowCommandTimesOut() throws Exception {
        NodeSession s = rootSession();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> s.run(RemoteCommand.of("sleep", "5"), Duration.ofMillis(600)))
                .isInstanceOf(SshException.Timeout.class).hasMessageContaining("did not finish within");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(s.run(RemoteCommand.of("echo", "still usable"), Duration.ofSeconds(10)).stdout())
                .isEqualTo("still usable\n");
    }

    @Test
    void streamingDeliversLinesTakesStdinAndCanBeCancelled() throws Exception {
        NodeSession s = rootSession();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StreamHandle h = s.stream(RemoteCommand.of("sh", "-c", "echo ready; while read l; do echo \"got $l\"; done"),
                lines::add);
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("ready");
        h.write("n\n");
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("got n");
        h.cancel();
        assertThat(h.ended().get(10, TimeUnit.SECONDS).reason()).isEqualTo(StreamHandle.End.Reason.CANCELLED);

        StreamHandle done = s.stream(RemoteCommand.of("sh", "-c", "echo one; exit 4"), lines::add);
        StreamHandle.End end = done.ended().get(10, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(StreamHandle.End.Reason.EXITED);
        assertThat(end.exitCode()).isEqualTo(4);
    }

    @Test
    void fiftyConcurrentCommandsShareOneSessionWithinTheChannelCap() throws Exception {
        NodeSession s = rootSession();
        s.connect();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<CommandResult>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                fs.add(pool.submit(() -> s.run(RemoteCommand.of("sh", "-c", "sleep 0.05; echo " + n),
                        Duration.ofSeconds(60))));
            }
            for (int i = 0; i < 50; i++) {
                assertThat(fs.get(i).get(60, TimeUnit.SECONDS).stdout()).isEqualTo(i + "\n");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.maxOpenChannels.get()).isBetween(2, 8);
    }

    @Test
    void hostileArgumentsReachTheServerUnchanged() throws Exception {
        List<String> hostile = List.of("r0; rm -rf /", "$(id)", "`id`", "it's", "\"double\"", "a\nb", "tab\there",
                "ünïcødé ✓ 日本", "", "*", "~", "--", "-n", "\\", "$HOME", "a b  c", "'", "!!", "%s");
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.set(1, "%s\\000");
        argv.addAll(hostile);
        CommandResult r = rootSession().run(new RemoteCommand(argv, false), Duration.ofSeconds(10));
        assertThat(r.exitCode()).isZero();
        List<String> got = Arrays.asList(r.stdout().split("\0", -1)).subList(0, hostile.size());
        assertThat(got).containsExactlyElementsOf(hostile);
    }

    @Test
    void sudoThatWantsAPasswordGivesTheNopasswdLine() throws Exception {
        NodeSession s = session(target("admin", List.of()), new TestPrompter(true, "s3cret"), 8);
        assertThatThrownBy(() -> s.run(RemoteCommand.root("drbdadm", "status"), Duration.ofSeconds(10)))
                .isInstanceOf(SshException.SudoPasswordRequired.class)
                .hasMessageContaining("admin ALL=(root) NOPASSWD: /usr/sbin/drbdadm, /usr/sbin/drbdsetup");
    }

    @Test
    void proxyJumpThroughABastion() throws Exception {
        new SshConnector(new KnownHosts(knownHosts), new TestPrompter(true, null), Duration.ofSeconds(10), null)
                .connect(target("root", List.of(key))).close(); // learn the key once, as the bastion
        SshTarget bastion = new SshTarget("bastion", "root", "127.0.0.1", server.port(), List.of(key), List.of(),
                Duration.ofSeconds(5));
        // The node as only the bastion can see it: "localhost" with the server's port, through one jump.
        SshTarget node = new SshTarget("node-behind", "root", "localhost", server.port(), List.of(key),
                List.of(bastion), Duration.ofSeconds(5));
        TestPrompter p = new TestPrompter(true, null);
        NodeSession s = session(node, p, 8);
        assertThat(s.run(RemoteCommand.of("echo", "through the jump"), Duration.ofSeconds(10)).stdout())
                .isEqualTo("through the jump\n");
        // The node's key is checked under its own name, not under the local forwarding port.
        assertThat(p.hostKeysShown).extracting(Prompter.HostKeyInfo::host)
                .containsExactly("[localhost]:" + server.port());
    }

    @Test
    void keepalivesFindASilentlyDeadPeerWithinTwoIntervals() throws Exception {
        try (FreezableProxy proxy = new FreezableProxy(server.port())) {
            SshTarget t = new SshTarget("frozen", "root", "127.0.0.1", proxy.port(), List.of(key), List.of(),
                    Duration.ofSeconds(1));
            NodeSession s = session(t, new TestPrompter(true, null), 8);
            s.connect();
            assertThat(s.state().kind()).isEqualTo(Kind.UP);
            long t0 = System.nanoTime();
            proxy.freeze();
            await().atMost(Duration.ofSeconds(6)).until(() -> s.state().kind() != Kind.UP);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            // 2 x 1 s keepalive, plus the watchdog's check period (0.5 s) and scheduling slack.
            assertThat(took).isLessThan(Duration.ofMillis(2900));
            assertThat(s.state().reason()).contains("keepalive");
        }
    }

    @Test
    void serverKilledMidStreamThenRestartedTheSessionReconnects() throws Exception {
        NodeSession s = rootSession();
        List<SessionState> states = new CopyOnWriteArrayList<>();
        s.addListener(states::add);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StreamHandle h = s.stream(RemoteCommand.of("sh", "-c", "echo up; sleep 60"), lines::add);
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("up");
        int port = server.port();
        server.stop();

        assertThat(h.ended().get(10, TimeUnit.SECONDS).reason())
                .isEqualTo(StreamHandle.End.Reason.CONNECTION_LOST);
        await().atMost(Duration.ofSeconds(10)).until(() -> s.state().kind() == Kind.DOWN);
        assertThat(s.state().reason()).isNotBlank();

        server = new MinaServer(dir, dir.resolve("authorized_keys")).start(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> s.state().kind() == Kind.UP);
        assertThat(s.run(RemoteCommand.of("echo", "back"), Duration.ofSeconds(10)).stdout()).isEqualTo("back\n");
        assertThat(states).extracting(SessionState::kind).containsSubsequence(Kind.UP, Kind.DOWN, Kind.UP);
        assertThat(new String(Files.readAllBytes(knownHosts), StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    @Test
    void streamsThatCannotStartWhileTheNodeIsDownGiveTheirChannelBack() throws Exception {
        NodeSession s = rootSession(); // 8 channels
        s.connect();
        int port = server.port();
        server.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> s.state().kind() != Kind.UP);
        for (int i = 0; i < 12; i++) { // more failures than channels
            assertThatThrownBy(() -> s.stream(RemoteCommand.of("sleep", "60"), l -> { }))
                    .isInstanceOf(SshException.class);
        }
        assertThat(s.freeChannels()).isEqualTo(8);
        server = new MinaServer(dir, dir.resolve("authorized_keys")).start(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> s.state().kind() == Kind.UP);
        assertThat(s.run(RemoteCommand.of("echo", "back"), Duration.ofSeconds(10)).stdout()).isEqualTo("back\n");
        StreamHandle h = s.stream(RemoteCommand.of("sh", "-c", "echo up; sleep 60"), l -> { });
        h.cancel();
        assertThat(h.ended().get(10, TimeUnit.SECONDS).reason()).isEqualTo(StreamHandle.End.Reason.CANCELLED);
    }

    @Test
    void aChannelTheServerRefusesDoesNotDropTheSessionNorItsOtherChannels() throws Exception {
        server.close();
        server = new MinaServer(dir, dir.resolve("authorized_keys"));
        server.maxChannels = 2;
        server.start(0);
        NodeSession s = rootSession(); // allows itself 8: the server refuses the third
        List<StreamHandle> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            held.add(s.stream(RemoteCommand.of("sh", "-c", "echo up; exec cat"), lines::add));
            assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("up");
        }
        assertThatThrownBy(() -> s.run(RemoteCommand.of("true"), Duration.ofSeconds(5)))
                .isInstanceOf(SshException.class);
        assertThat(s.state().kind()).isEqualTo(Kind.UP);
        assertThat(held).allSatisfy(h -> assertThat(h.ended()).isNotDone());
        held.get(0).cancel();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(s.run(RemoteCommand.of("echo", "ok"),
                Duration.ofSeconds(5)).stdout()).isEqualTo("ok\n"));
        assertThat(held.get(1).ended()).isNotDone();
        held.get(1).cancel();
    }

    @Test
    void outputFromANodeIsBoundedPerCommandAndPerStreamedLine() throws Exception {
        NodeSession s = rootSession();
        // 20 MiB of output: stopped at 16 MiB with a clear error, not kept
        assertThatThrownBy(() -> s.run(RemoteCommand.of("sh", "-c", "head -c 20971520 /dev/zero"),
                Duration.ofSeconds(60))).isInstanceOf(SshException.class).hasMessageContaining("more than 16 MiB");
        assertThat(s.run(RemoteCommand.of("echo", "still fine"), Duration.ofSeconds(10)).stdout())
                .isEqualTo("still fine\n");
        // a 3 MiB line in a stream is skipped; the lines around it arrive
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StreamHandle h = s.stream(RemoteCommand.of("sh", "-c", "echo before; head -c 3145728 /dev/zero | tr '\\0' x; "
                + "echo; echo after"), lines::add);
        assertThat(h.ended().get(30, TimeUnit.SECONDS).reason()).isEqualTo(StreamHandle.End.Reason.EXITED);
        assertThat(new ArrayList<>(lines)).containsExactly("before", "after");
    }
    /**
     * Closing a session (the UI closing a cluster) while its connect waits for the user's answer to a host-key question
     * returns at once: the question is answered on the UI thread, and a close that waited for the connect from there
     * froze the window for good. The answer that comes later opens nothing.
     */
    @Test
    void closeDoesNotWaitForAConnectThatWaitsForTheUser() throws Exception {
        WaitingPrompter slow = new WaitingPrompter(true);
        java.util.concurrent.CountDownLatch asked = slow.asked;
        java.util.concurrent.CountDownLatch answer = slow.answer;
        NodeSession s = session(target("root", List.of(key)), slow, 8);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<CommandResult> run = pool.submit(() -> s.run(RemoteCommand.of("true"), Duration.ofSeconds(10)));
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> close = pool.submit(s::close);
            close.get(2, TimeUnit.SECONDS); // before the fix: a TimeoutException, the close waited for the answer
            assertThat(s.state().kind()).isEqualTo(Kind.CLOSED);
            answer.countDown();
            assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SshException.class)
                    .hasMessageContaining("closed");
            assertThat(s.state().kind()).isEqualTo(Kind.CLOSED);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.sessionCount() == 0);
        } finally {
            answer.countDown();
            pool.shutdownNow();
        }
    }

    /** A user who takes their time: each host-key question waits until {@code answer} is counted down. */
    private static final class WaitingPrompter extends TestPrompter {
        final java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger questions = new java.util.concurrent.atomic.AtomicInteger();

        WaitingPrompter(boolean accept) {
            super(accept, null);
        }

        @Override
        public boolean acceptUnknownHostKey(HostKeyInfo k) {
            questions.incrementAndGet();
            asked.countDown();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return acceptHostKeys;
        }
    }

    /**
     * Two commands wait for the same first connect and the user rejects the host key: one question, and both commands
     * fail with it (before, the second command asked again at once, and a window closing then deadlocked).
     */
    @Test
    void commandsWaitingForOneConnectShareItsRejectedHostKey() throws Exception {
        WaitingPrompter no = new WaitingPrompter(false);
        java.util.concurrent.CountDownLatch asked = no.asked;
        java.util.concurrent.CountDownLatch answer = no.answer;
        java.util.concurrent.atomic.AtomicInteger questions = no.questions;
        NodeSession s = session(target("root", List.of(key)), no, 8);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<CommandResult> first = pool.submit(() -> s.run(RemoteCommand.of("true"), Duration.ofSeconds(10)));
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            Thread[] second = new Thread[1];
            Future<CommandResult> other = pool.submit(() -> {
                second[0] = Thread.currentThread();
                return s.run(RemoteCommand.of("true"), Duration.ofSeconds(10));
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> second[0] != null
                    && second[0].getState() == Thread.State.BLOCKED);
            answer.countDown();
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SshException.HostKeyRejected.class);
            assertThatThrownBy(() -> other.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SshException.HostKeyRejected.class);
            assertThat(questions).hasValue(1);
            assertThat(s.state().kind()).isEqualTo(Kind.HOSTKEY_REJECTED);
            assertThat(Files.exists(knownHosts) ? Files.readString(knownHosts) : "").isEmpty();
        } finally {
            answer.countDown();
            pool.shutdownNow();
        }
    }
}
