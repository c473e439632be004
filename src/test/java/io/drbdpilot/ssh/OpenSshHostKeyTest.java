// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host keys against a real OpenSSH sshd whose ed25519 host key carries a certificate signed by a test CA: global
 * files, hashing, HostKeyAlias, another key type on file, and {@code @cert-authority} / {@code @revoked}.
 */
class OpenSshHostKeyTest {

    @TempDir
    static Path dir;
    private static OpenSshServer sshd;
    private static String caLine;
    private static String hostKeyLine;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(OpenSshServer.available()).as("/usr/sbin/sshd present and running as root").isTrue();
        Path hostKey = MinaSshTest.keygen(dir.resolve("ssh_host_ed25519_key"), "ed25519");
        Path ca = MinaSshTest.keygen(dir.resolve("host_ca"), "ed25519");
        run("ssh-keygen", "-q", "-s", ca.toString(), "-I", "node-test", "-h", "-n", "127.0.0.1,db-node",
                "-V", "-1d:+1d", hostKey + ".pub");
        sshd = new OpenSshServer(dir, List.of("HostCertificate " + dir.resolve("ssh_host_ed25519_key-cert.pub")));
        caLine = Files.readString(dir.resolve("host_ca.pub")).strip().replaceAll(" test$", "");
        hostKeyLine = Files.readString(dir.resolve("ssh_host_ed25519_key.pub")).strip().replaceAll(" test$", "");
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
    }

    private String name() {
        return "[127.0.0.1]:" + sshd.port;
    }

    private void connect(HostKeyPolicy policy, TestPrompter prompter) throws Exception {
        SshTarget t = new SshTarget("openssh", "root", "127.0.0.1", sshd.port, List.of(sshd.clientKey), List.of(),
                Duration.ofSeconds(5), policy);
        SshConnector c = new SshConnector(new KnownHosts(home.resolve("unused")), prompter, Duration.ofSeconds(10),
                null);
        try (SshConnector.Connection conn = c.connect(t)) {
            assertThat(conn.isConnected()).isTrue();
        }
    }

    private HostKeyPolicy policy(String userText, String globalText, String alias, boolean hash) throws Exception {
        Path user = home.resolve("known_hosts");
        Path global = home.resolve("ssh_known_hosts");
        if (userText != null) {
            Files.writeString(user, userText);
        }
        if (globalText != null) {
            Files.writeString(global, globalText);
        }
        return new HostKeyPolicy(List.of(user), List.of(global), alias, hash);
    }

    @Test
    void aKeyInTheGlobalFileIsTrustedAndTheUserFileIsLeftAlone() throws Exception {
        TestPrompter refuse = new TestPrompter(false, null);
        connect(policy(null, name() + " " + hostKeyLine + "\n", null, false), refuse);
        assertThat(refuse.hostKeysShown).isEmpty();
        assertThat(home.resolve("known_hosts")).doesNotExist();
    }

    @Test
    void anAcceptedKeyIsRecordedHashedAndSshKeygenFindsIt() throws Exception {
        TestPrompter accept = new TestPrompter(true, null);
        HostKeyPolicy p = policy(null, null, null, true);
        connect(p, accept);
        assertThat(accept.hostKeysShown).singleElement().satisfies(k -> assertThat(k.firstContact()).isTrue());
        String line = Files.readString(home.resolve("known_hosts")).strip();
        assertThat(line).startsWith("|1|").doesNotContain("127.0.0.1");
        run("ssh-keygen", "-F", name(), "-f", home.resolve("known_hosts").toString());
        TestPrompter refuse = new TestPrompter(false, null);
        connect(p, refuse);
        assertThat(refuse.hostKeysShown).as("known the second time").isEmpty();
    }

    @Test
    void aHostKeyAliasIsTheNameLookedUpAndRecorded() throws Exception {
        TestPrompter accept = new TestPrompter(true, null);
        HostKeyPolicy aliased = policy(null, null, "db-cluster", false);
        connect(aliased, accept);
        assertThat(accept.hostKeysShown).singleElement().satisfies(k -> assertThat(k.host()).isEqualTo("db-cluster"));
        assertThat(Files.readString(home.resolve("known_hosts"))).startsWith("db-cluster ssh-ed25519 ");
        TestPrompter refuse = new TestPrompter(false, null);
        connect(aliased, refuse);
        assertThat(refuse.hostKeysShown).isEmpty();
        HostKeyPolicy plain = new HostKeyPolicy(aliased.userFiles(), aliased.globalFiles(), null, false);
        assertThatThrownBy(() -> connect(plain, refuse)).isInstanceOf(SshException.HostKeyRejected.class);
        assertThat(refuse.hostKeysShown).singleElement().satisfies(k -> assertThat(k.host()).isEqualTo(name()));
    }

    @Test
    void aKeyOfAnotherTypeOnFileIsALoudWarningNotAFirstContact() throws Exception {
        Path rsa = MinaSshTest.keygen(home.resolve("some_rsa"), "rsa");
        String rsaLine = Files.readString(Path.of(rsa + ".pub")).strip().replaceAll(" test$", "");
        TestPrompter refuse = new TestPrompter(false, null);
        HostKeyPolicy p = policy(null, name() + " " + rsaLine + "\n", null, false);
        assertThatThrownBy(() -> connect(p, refuse)).isInstanceOf(SshException.HostKeyRejected.class);
        assertThat(refuse.hostKeysShown).singleElement().satisfies(k -> {
            assertThat(k.firstContact()).isFalse();
            assertThat(k.otherKnown()).singleElement().satisfies(o -> assertThat(o).startsWith("ssh-rsa SHA256:")
                    .contains(home.resolve("ssh_known_hosts") + " line 1"));
        });
    }

    @Test
    void aCertificateFromATrustedAuthorityNeedsNoPrompt() throws Exception {
        TestPrompter refuse = new TestPrompter(false, null);
        connect(policy("@cert-authority [127.0.0.1]:* " + caLine + "\n", null, null, false), refuse);
        assertThat(refuse.hostKeysShown).isEmpty();
        assertThat(home.resolve("known_hosts")).content().doesNotContain(hostKeyLine.split(" ")[1]);
    }

    @Test
    void aCertificateFromAnotherAuthorityFallsBackToThePlainKeyAndIsAsked() throws Exception {
        Path other = MinaSshTest.keygen(home.resolve("other_ca"), "ed25519");
        String otherLine = Files.readString(Path.of(other + ".pub")).strip().replaceAll(" test$", "");
        TestPrompter refuse = new TestPrompter(false, null);
        HostKeyPolicy p = policy("@cert-authority [127.0.0.1]:* " + otherLine + "\n", null, null, false);
        assertThatThrownBy(() -> connect(p, refuse)).isInstanceOf(SshException.HostKeyRejected.class);
        assertThat(refuse.hostKeysShown).singleElement().satisfies(k -> assertThat(k.firstContact()).isTrue());
    }

    @Test
    void aRevokedAuthorityIsRefusedWithoutAQuestion() throws Exception {
        TestPrompter accept = new TestPrompter(true, null);
        HostKeyPolicy p = policy("@cert-authority [127.0.0.1]:* " + caLine + "\n@revoked * " + caLine + "\n", null,
                null, false);
        assertThatThrownBy(() -> connect(p, accept)).isInstanceOf(SshException.class)
                .hasMessageContaining("revoked");
        assertThat(accept.hostKeysShown).isEmpty();
    }
}
