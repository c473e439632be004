// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshUnitTest {

    @TempDir
    Path home;

    private static final String CONFIG = """
            # comment
            Host bastion
                HostName bastion.example.net
                User jump
                Port 2200
            Host alpha beta
                User admin
                IdentityFile ~/.ssh/lab_key
                ProxyJump bastion
            Host alpha
                HostName 10.0.0.11
                Port 2221
                User ignored-because-first-wins
                ServerAliveInterval 5
            Host *.lab !secret.lab
                User labuser
            Match host foo
                User matched
            Host *
                IdentityFile %d/.ssh/id_%r
            """;

    @Test
    void resolvesAliasesTheWaySshDoes() {
        OpenSshConfig cfg = OpenSshConfig.parse(CONFIG, home, "me");
        SshTarget a = cfg.resolve("alpha");
        assertThat(a.host()).isEqualTo("10.0.0.11");
        assertThat(a.port()).isEqualTo(2221);
        assertThat(a.user()).isEqualTo("admin");
        assertThat(a.serverAliveInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.identityFiles()).startsWith(home.resolve(".ssh/lab_key"), home.resolve(".ssh/id_admin"))
                .contains(home.resolve(".ssh/id_ed25519"), home.resolve(".ssh/id_rsa"));
        assertThat(a.jumps()).singleElement().satisfies(j -> {
            assertThat(j.host()).isEqualTo("bastion.example.net");
            assertThat(j.user()).isEqualTo("jump");
            assertThat(j.port()).isEqualTo(2200);
        });
        assertThat(a.knownHostsName()).isEqualTo("[10.0.0.11]:2221");

        assertThat(cfg.resolve("root@beta:2300")).satisfies(b -> {
            assertThat(b.user()).isEqualTo("root");
            assertThat(b.host()).isEqualTo("beta");
            assertThat(b.port()).isEqualTo(2300);
        });
        assertThat(cfg.resolve("db.lab").user()).isEqualTo("labuser");
        assertThat(cfg.resolve("secret.lab").user()).isEqualTo("me");
        assertThat(cfg.resolve("foo").user()).isEqualTo("matched");
        assertThat(cfg.resolve("[fe80::1]:2222").host()).isEqualTo("fe80::1");
        assertThat(cfg.resolve("gamma").knownHostsName()).isEqualTo("gamma");
    }

    @Test
    void rejectsMalformedTargetsAndJumpLoops() {
        OpenSshConfig cfg = OpenSshConfig.parse("Host a\n ProxyJump b\nHost b\n ProxyJump a\n", home, "me");
        assertThatThrownBy(() -> cfg.resolve("a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loop");
        assertThatThrownBy(() -> cfg.resolve("host:99999")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> cfg.resolve("bad host")).hasMessageContaining("not an SSH target");
        assertThatThrownBy(() -> cfg.resolve("@host")).hasMessageContaining("not an SSH target");
    }

    @Test
    void quotingIsInOnePlaceAndSudoIsNonInteractive() {
        RemoteCommand c = RemoteCommand.root("drbdadm", "primary", "r0; rm -rf /");
        assertThat(c.toShell(true)).isEqualTo("drbdadm primary 'r0; rm -rf /'");
        assertThat(c.toShell(false)).isEqualTo("sudo -n -- drbdadm primary 'r0; rm -rf /'");
        assertThat(RemoteCommand.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(RemoteCommand.quote("")).isEqualTo("''");
        assertThat(RemoteCommand.quote("$(id)")).isEqualTo("'$(id)'");
        assertThat(RemoteCommand.quote("/dev/drbd0")).isEqualTo("/dev/drbd0");
        assertThat(RemoteCommand.of("cat", "/proc/drbd").toShell(false)).isEqualTo("cat /proc/drbd");
        assertThatThrownBy(() -> RemoteCommand.of("echo", "a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RemoteCommand(List.of(), false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knownHostsPlainHashedPortsAndSeveralKeyTypes() throws Exception {
        byte[] ed = blob("ssh-ed25519", 1);
        byte[] ed2 = blob("ssh-ed25519", 2);
        byte[] rsa = blob("ssh-rsa", 3);
        String b64 = Base64.getEncoder().encodeToString(ed);
        Path file = home.resolve("known_hosts");
        Files.writeString(file, "# header\n"
                + hashed("[10.0.0.5]:2222") + " ssh-ed25519 " + b64 + "\n"
                + "alpha,10.0.0.1 ssh-rsa " + Base64.getEncoder().encodeToString(rsa) + "\n"
                + "alpha ssh-ed25519 " + b64 + "\n"
                + "@cert-authority *.lab ssh-ed25519 " + b64 + "\n");
        KnownHosts kh = new KnownHosts(file);
        assertThat(kh.check("[10.0.0.5]:2222", ed).status()).isEqualTo(KnownHosts.Status.KNOWN);
        assertThat(kh.check("10.0.0.5", ed).status()).isEqualTo(KnownHosts.Status.UNKNOWN);
        assertThat(kh.check("alpha", rsa).status()).isEqualTo(KnownHosts.Status.KNOWN);
        assertThat(kh.check("alpha", ed).status()).isEqualTo(KnownHosts.Status.KNOWN);
        KnownHosts.Lookup changed = kh.check("alpha", ed2);
        assertThat(changed.status()).isEqualTo(KnownHosts.Status.CHANGED);
        assertThat(changed.entry().lineNumber()).isEqualTo(4);
        assertThat(kh.check("beta", ed).status()).isEqualTo(KnownHosts.Status.UNKNOWN);

        kh.append("[beta]:2223", ed2);
        assertThat(Files.readAllLines(file)).last().asString().startsWith("[beta]:2223 ssh-ed25519 ");
        assertThat(kh.check("[beta]:2223", ed2).status()).isEqualTo(KnownHosts.Status.KNOWN);
        assertThat(KnownHosts.fingerprint(ed)).startsWith("SHA256:").doesNotEndWith("=");
        assertThat(KnownHosts.keyType(rsa)).isEqualTo("ssh-rsa");

        Files.writeString(file, "@revoked alpha ssh-ed25519 " + b64 + "\n", StandardOpenOption.APPEND);
        assertThat(kh.check("alpha", ed).status()).isEqualTo(KnownHosts.Status.REVOKED);
    }

    static byte[] blob(String type, int fill) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[4 + t.length + 36];
        b[3] = (byte) t.length;
        System.arraycopy(t, 0, b, 4, t.length);
        Arrays.fill(b, 4 + t.length, b.length, (byte) fill);
        return b;
    }

    static String hashed(String host) throws Exception {
        byte[] salt = new byte[20];
        new SecureRandom().nextBytes(salt);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] h = mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
        return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(h);
    }
}
