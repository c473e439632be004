// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssh_config's Include, Match and host key keywords, and known_hosts read and written as OpenSSH does. */
class HostKeyFilesTest {

    @TempDir
    Path home;

    @Test
    void includeAndMatchAreEvaluatedInOrderAndOnlyWhereTheirBlockApplies() throws Exception {
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Files.createDirectories(ssh.resolve("conf.d"));
        Files.writeString(ssh.resolve("conf.d/10-lab.conf"), "Host *.lab\n  User fromInclude\n  Port 2201\n");
        Files.writeString(ssh.resolve("conf.d/20-other.conf"), "Host other\n  User other\n");
        Files.writeString(ssh.resolve("conf.d/.hidden.conf"), "Host *\n  User hidden\n");
        Files.writeString(ssh.resolve("secret.conf"), "User fromConditionalInclude\nHost *\n  Port 2999\n");
        String config = """
                Include conf.d/*.conf
                Host vault
                  Include secret.conf
                Host db
                  HostName db.internal.example
                Match host *.internal.example
                  User internal
                  HostKeyAlias db-cluster
                Match originalhost db !user nobody
                  Port 2400
                Match exec "touch /tmp/pwned"
                  User executed
                Match localuser me
                  ServerAliveInterval 7
                Match user fromInclude
                  HashKnownHosts yes
                Host *
                  UserKnownHostsFile ~/.ssh/kh_%h ~/.ssh/kh_shared
                  GlobalKnownHostsFile /etc/fleet_known_hosts
                """;
        OpenSshConfig cfg = OpenSshConfig.parse(config, home, "me");

        SshTarget lab = cfg.resolve("node1.lab");
        assertThat(lab.user()).isEqualTo("fromInclude");
        assertThat(lab.port()).isEqualTo(2201);
        assertThat(lab.hostKeys().hash()).as("Match user sees the User an Include set").isTrue();
        assertThat(lab.serverAliveInterval().toSeconds()).isEqualTo(7);
        assertThat(lab.hostKeys().userFiles()).containsExactly(home.resolve(".ssh/kh_node1.lab"),
                home.resolve(".ssh/kh_shared"));
        assertThat(lab.hostKeys().globalFiles()).containsExactly(Path.of("/etc/fleet_known_hosts"));

        SshTarget other = cfg.resolve("other");
        assertThat(other.user()).as("the hidden file is not included, the conditional one not here").isEqualTo("other");
        assertThat(other.port()).isEqualTo(22);

        SshTarget vault = cfg.resolve("vault");
        assertThat(vault.user()).isEqualTo("fromConditionalInclude");
        assertThat(vault.port()).as("a Host line inside the included file").isEqualTo(2999);

        SshTarget db = cfg.resolve("db");
        assertThat(db.host()).isEqualTo("db.internal.example");
        assertThat(db.user()).as("Match host sees the HostName set before it").isEqualTo("internal");
        assertThat(db.port()).isEqualTo(2400);
        assertThat(db.knownHostsName()).isEqualTo("db-cluster");
        assertThat(cfg.resolve("nobody@db").port()).as("!user vetoes").isEqualTo(22);
        assertThat(cfg.resolve("x.example").user()).as("Match exec never runs nor applies").isEqualTo("me");
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
        assertThat(cfg.resolve("x.example").hostKeys().hash()).isFalse();
    }

    @Test
    void theSystemConfigFollowsTheUsersAndItsDefaultsApply() throws Exception {
        Path etc = Files.createDirectories(home.resolve("etc-ssh"));
        Files.createDirectories(etc.resolve("ssh_config.d"));
        Files.writeString(etc.resolve("ssh_config"), "Include ssh_config.d/*.conf\nHost *\n  HashKnownHosts yes\n"
                + "  User systemUser\n");
        Files.writeString(etc.resolve("ssh_config.d/a.conf"), "Port 2022\n");
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/config"), "Host mine\n  User mine\n  HashKnownHosts no\n");
        OpenSshConfig cfg = OpenSshConfig.load(home, "me", etc);
        SshTarget mine = cfg.resolve("mine");
        assertThat(mine.user()).isEqualTo("mine");
        assertThat(mine.hostKeys().hash()).as("the user's value comes first").isFalse();
        assertThat(mine.port()).isEqualTo(2022);
        SshTarget any = cfg.resolve("any");
        assertThat(any.user()).isEqualTo("systemUser");
        assertThat(any.hostKeys().hash()).isTrue();
        assertThat(any.hostKeys().userFiles()).containsExactly(home.resolve(".ssh/known_hosts"),
                home.resolve(".ssh/known_hosts2"));
        assertThat(any.hostKeys().globalFiles()).containsExactly(etc.resolve("ssh_known_hosts"),
                etc.resolve("ssh_known_hosts2"));
        assertThat(any.knownHostsName()).isEqualTo("[any]:2022");
    }

    @Test
    void includeLoopsStopAndAnExplicitKnownHostsFileKeepsTheGlobalOnes() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/loop.conf"), "Include loop.conf\nUser looped\n");
        OpenSshConfig cfg = OpenSshConfig.parse("Include loop.conf\nHost j\n  HostName jump.example\n"
                + "Host n\n  ProxyJump j\n", home, "me");
        SshTarget n = cfg.resolve("n");
        assertThat(n.user()).isEqualTo("looped");
        SshTarget pinned = n.withUserKnownHosts(home.resolve("pinned"));
        assertThat(pinned.hostKeys().userFiles()).containsExactly(home.resolve("pinned"));
        assertThat(pinned.hostKeys().globalFiles()).isEqualTo(n.hostKeys().globalFiles()).isNotEmpty();
        assertThat(pinned.jumps()).singleElement().satisfies(j ->
                assertThat(j.hostKeys().userFiles()).containsExactly(home.resolve("pinned")));
    }

    @Test
    void userAndGlobalFilesAreReadTogetherAndOnlyTheUserFileIsWritten() throws Exception {
        byte[] ed = SshUnitTest.blob("ssh-ed25519", 1);
        byte[] ed2 = SshUnitTest.blob("ssh-ed25519", 2);
        byte[] rsa = SshUnitTest.blob("ssh-rsa", 3);
        Path user = home.resolve("user_kh");
        Path global = home.resolve("global_kh");
        Files.writeString(global, "alpha ssh-ed25519 " + b64(ed) + "\n[gamma]:2223 ssh-rsa " + b64(rsa) + "\n"
                + "@cert-authority *.lab ssh-ed25519 " + b64(ed2) + "\n");
        KnownHosts kh = new KnownHosts(new HostKeyPolicy(List.of(user), List.of(global), null, false));
        assertThat(kh.check("alpha", ed).status()).isEqualTo(KnownHosts.Status.KNOWN);
        KnownHosts.Lookup changed = kh.check("alpha", ed2);
        assertThat(changed.status()).isEqualTo(KnownHosts.Status.CHANGED);
        assertThat(changed.entry().where()).isEqualTo(global + " line 1");
        KnownHosts.Lookup other = kh.check("[gamma]:2223", ed);
        assertThat(other.status()).isEqualTo(KnownHosts.Status.OTHER_TYPE);
        assertThat(kh.markedKeys()).singleElement().satisfies(e -> {
            assertThat(e.marker()).isEqualTo("@cert-authority");
            assertThat(e.hosts()).isEqualTo("*.lab");
        });
        assertThat(kh.check("x.lab", ed2).status()).as("a CA key is not a host key").isEqualTo(
                KnownHosts.Status.UNKNOWN);

        kh.append("beta", ed);
        assertThat(Files.readString(user)).isEqualTo("beta ssh-ed25519 " + b64(ed) + "\n");
        assertThat(Files.readString(global)).doesNotContain("beta");
        Files.writeString(user, "@revoked beta ssh-ed25519 " + b64(ed) + "\n",
                StandardOpenOption.APPEND);
        assertThat(kh.check("beta", ed).status()).isEqualTo(KnownHosts.Status.REVOKED);
        assertThat(kh.check("delta", ed).status()).as("@revoked is for the hosts it names").isNotEqualTo(
                KnownHosts.Status.REVOKED);
    }

    @Test
    void hashedEntriesAreWhatSshKeygenFinds() throws Exception {
        byte[] ed = SshUnitTest.blob("ssh-ed25519", 7);
        Path file = home.resolve("kh");
        Files.writeString(file, "old ssh-ed25519 " + b64(ed)); // no newline at the end
        KnownHosts kh = new KnownHosts(new HostKeyPolicy(List.of(file), List.of(), null, true));
        kh.append("[10.1.2.3]:2222", ed);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("|1|").doesNotContain("10.1.2.3").endsWith(" ssh-ed25519 " + b64(ed));
        assertThat(kh.check("[10.1.2.3]:2222", ed).status()).isEqualTo(KnownHosts.Status.KNOWN);
        assertThat(kh.check("10.1.2.3", ed).status()).isEqualTo(KnownHosts.Status.UNKNOWN);
        Process p = new ProcessBuilder("ssh-keygen", "-F", "[10.1.2.3]:2222", "-f", file.toString()).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ssh-keygen -F finds the hashed entry").isZero();
    }

    @Test
    void aKeySwappedWithinTheSameSecondAndSizeIsSeen() throws Exception {
        Path file = home.resolve("kh-swap");
        byte[] a = SshUnitTest.blob("ssh-ed25519", 1);
        byte[] b = SshUnitTest.blob("ssh-ed25519", 2);
        Files.writeString(file, "node ssh-ed25519 " + Base64.getEncoder().encodeToString(a) + "\n");
        var time = Files.getLastModifiedTime(file);
        KnownHosts kh = new KnownHosts(file);
        assertThat(kh.check("node", a).status()).isEqualTo(KnownHosts.Status.KNOWN);
        assertThat(kh.check("node", a).status()).as("read again from what was parsed").isEqualTo(
                KnownHosts.Status.KNOWN);
        Files.writeString(file, "node ssh-ed25519 " + Base64.getEncoder().encodeToString(b) + "\n");
        Files.setLastModifiedTime(file, time); // same size, same time: only the bytes tell
        assertThat(kh.check("node", a).status()).isEqualTo(KnownHosts.Status.CHANGED);
        assertThat(new KnownHosts(file).check("node", b).status()).isEqualTo(KnownHosts.Status.KNOWN);
    }

    @Test
    void concurrentAppendsFromUsAndFromAShellLoseNothing() throws Exception {
        Path file = home.resolve("kh");
        KnownHosts kh = new KnownHosts(file);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Process shell = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200 ]; do echo \"sh$i ssh-ed25519 "
                + "AAAA\" >> '" + file + "'; i=$((i+1)); done").start();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int n = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        kh.append("t" + n + "-" + i, SshUnitTest.blob("ssh-ed25519", n));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(8 * 50 + 200);
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("(t\\d-\\d+|sh\\d+) ssh-ed25519 \\S+"));
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < 50; i++) {
                assertThat(kh.check("t" + t + "-" + i, SshUnitTest.blob("ssh-ed25519", t)).status())
                        .isEqualTo(KnownHosts.Status.KNOWN);
            }
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
