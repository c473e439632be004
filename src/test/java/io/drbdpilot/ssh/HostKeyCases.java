// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host key cases every server must pass the same way (the real OpenSSH sshd and Apache MINA): a key in a global file,
 * a key recorded hashed, a HostKeyAlias, and a key of another type on file.
 */
abstract class HostKeyCases {

    @TempDir
    Path home;

    abstract int port();

    abstract Path clientKey();

    /** The server's host key as a known_hosts key ({@code type base64}). */
    abstract String hostKeyLine();

    static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
    }

    String name() {
        return "[127.0.0.1]:" + port();
    }

    void connect(HostKeyPolicy policy, TestPrompter prompter) throws Exception {
        SshTarget t = new SshTarget("openssh", "root", "127.0.0.1", port(), List.of(clientKey()), List.of(),
                Duration.ofSeconds(5), policy);
        SshConnector c = new SshConnector(new KnownHosts(home.resolve("unused")), prompter, Duration.ofSeconds(10),
                null);
        try (SshConnector.Connection conn = c.connect(t)) {
            assertThat(conn.isConnected()).isTrue();
        }
    }

    HostKeyPolicy policy(String userText, String globalText, String alias, boolean hash) throws Exception {
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
        connect(policy(null, name() + " " + hostKeyLine() + "\n", null, false), refuse);
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
        assertThat(Files.readString(home.resolve("known_hosts"))).startsWith("db-cluster " + hostKeyLine().split(" ")[0] + " ");
        TestPrompter refuse = new TestPrompter(false, null);
        connect(aliased, refuse);
        assertThat(refuse.hostKeysShown).isEmpty();
        HostKeyPolicy plain = new HostKeyPolicy(aliased.userFiles(), aliased.globalFiles(), null, false);
        assertThatThrownBy(() -> connect(plain, refuse)).isInstanceOf(SshException.HostKeyRejected.class);
        assertThat(refuse.hostKeysShown).singleElement().satisfies(k -> assertThat(k.host()).isEqualTo(name()));
    }

    @Test
    void aKeyOfAnotherTypeOnFileIsALoudWarningNotAFirstContact() throws Exception {
        String otherType = hostKeyLine().startsWith("ssh-rsa") ? "ed25519" : "rsa";
        Path other = MinaSshTest.keygen(home.resolve("some_other"), otherType);
        String rsaLine = Files.readString(Path.of(other + ".pub")).strip().replaceAll(" test$", "");
        TestPrompter refuse = new TestPrompter(false, null);
        HostKeyPolicy p = policy(null, name() + " " + rsaLine + "\n", null, false);
        assertThatThrownBy(() -> connect(p, refuse)).isInstanceOf(SshException.HostKeyRejected.class);
        assertThat(refuse.hostKeysShown).singleElement().satisfies(k -> {
            assertThat(k.firstContact()).isFalse();
            assertThat(k.otherKnown()).singleElement().satisfies(o -> assertThat(o).startsWith(rsaLine.split(" ")[0] + " SHA256:")
                    .contains(home.resolve("ssh_known_hosts") + " line 1"));
        });
    }

}
