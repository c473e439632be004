// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host keys against a real OpenSSH sshd whose ed25519 host key carries a certificate signed by a test CA: the shared
 * cases, and {@code @cert-authority} / {@code @revoked}.
 */
class OpenSshHostKeyTest extends HostKeyCases {

    @TempDir
    static Path dir;
    private static OpenSshServer sshd;
    private static String caLine;
    private static String hostKeyLine;

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

    @Override
    int port() {
        return sshd.port;
    }

    @Override
    Path clientKey() {
        return sshd.clientKey;
    }

    @Override
    String hostKeyLine() {
        return hostKeyLine;
    }

    @Test
    void aCertificateFromATrustedAuthorityNeedsNoPrompt() throws Exception {
        TestPrompter refuse = new TestPrompter(false, null);
        connect(policy("@cert-authority [127.0.0.1]:* " + caLine + "\n", null, null, false), refuse);
        assertThat(refuse.hostKeysShown).isEmpty();
        assertThat(home.resolve("known_hosts")).content().doesNotContain(hostKeyLine().split(" ")[1]);
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
