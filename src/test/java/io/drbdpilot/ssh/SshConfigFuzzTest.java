// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.drbdpilot.FuzzInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh_config and known_hosts readers, 100,000 random and mutated inputs each: {@code parse} never throws,
 * {@code resolve} throws only IllegalArgumentException (a target that cannot be used), a known_hosts line never
 * throws, and a garbled known_hosts file is read without an exception.
 */
class SshConfigFuzzTest {

    private static final int INPUTS = 100_000;

    private static final String CONFIG = """
            Include conf.d/*.conf
            Host bastion
                HostName bastion.example.net
                User jump
                Port 2200
            Host alpha beta !gamma
                User admin
                IdentityFile ~/.ssh/lab_key
                ProxyJump bastion
                UserKnownHostsFile ~/.ssh/kh_%h "/tmp/with space"
                HostKeyAlias alpha-db
            Match host *.lab user admin
                HashKnownHosts yes
            Match originalhost db !localuser me
                Port 2400
            Match exec "false"
                User never
            Host = *
                ServerAliveInterval=5
                GlobalKnownHostsFile /etc/fleet
            """;
    private static final String KNOWN = """
            # header
            |1|kVBd0xO8XHbQCdjTmvqGYt8uN7A=|OT5tBxyIXGQ6hpzhaPt8tX1z8Ec= ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMqb
            alpha,10.0.0.1 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC
            [beta]:2222 ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB
            @cert-authority *.lab,!x.lab ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMqc
            @revoked * ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMqd
            """;
    private static final String[] TOKENS = {"Host ", "Match ", "Include ", "all", "host", "user", "exec", "final",
        "canonical", "!", "*", "?", ",", "=", "\"", " ", "\t", "\n", "%h", "%d", "%%", "%", "~/", "~", "@", ":",
        "[", "]", "|1|", "|", "@revoked", "@cert-authority", "HostName", "Port 99999", "Port -1", "Port x",
        "ProxyJump ", "HostKeyAlias ", "HostKeyAlias ,", "UserKnownHostsFile none", "\u0000", "é", "\u001b[1m",
        "ssh://", "-oProxyCommand=x", "AAAA", "===", "99999999999999999999"};

    @TempDir
    Path home;

    @Test
    void theConfigReaderTakesAnyText() throws Exception {
        Files.createDirectories(home.resolve(".ssh/conf.d"));
        Files.writeString(home.resolve(".ssh/conf.d/a.conf"), "Host *.lab\n  User labuser\n");
        List<String> targets = List.of("alpha", "beta", "gamma", "db", "x.lab", "root@alpha:2222", "[fe80::1]:22",
                "bastion", "a@b@c", "::", "-x");
        SplittableRandom rnd = new SplittableRandom(17);
        int resolved = 0;
        for (int i = 0; i < INPUTS; i++) {
            String input = FuzzInputs.input(rnd, List.of(CONFIG), TOKENS, 0x3000);
            String target = rnd.nextInt(4) == 0 ? FuzzInputs.input(rnd, List.of("root@alpha:2222"), TOKENS,
                    0x3000) : targets.get(rnd.nextInt(
                    targets.size()));
            try {
                OpenSshConfig cfg = OpenSshConfig.parse(input, home, "me");
                try {
                    SshTarget t = cfg.resolve(target);
                    resolved++;
                    assertThat(t.port()).isBetween(1, 65535);
                    assertThat(t.hostKeys().userFiles()).isNotEmpty();
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage()).isNotNull();
                }
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                fail("input #" + i + " (target '" + target + "') gave " + e + ":\n" + input, e);
            }
        }
        assertThat(resolved).as("most inputs resolve: the fuzzer reached the evaluation").isGreaterThan(INPUTS / 2);
    }

    @Test
    void theKnownHostsReaderTakesAnyText() throws Exception {
        Path file = home.resolve("known_hosts");
        byte[] key = SshUnitTest.blob("ssh-ed25519", 1);
        SplittableRandom rnd = new SplittableRandom(23);
        for (int i = 0; i < INPUTS; i++) {
            String input = FuzzInputs.input(rnd, List.of(KNOWN), TOKENS, 0x3000);
            try {
                for (String line : input.split("\n", -1)) {
                    KnownHosts.parse(file, 1, line);
                }
                if (i % 100 == 0) { // the whole file through a lookup, now and then (it touches the disk)
                    Files.writeString(file, input);
                    KnownHosts kh = new KnownHosts(new HostKeyPolicy(List.of(file), List.of(), null, false));
                    kh.check(rnd.nextBoolean() ? "alpha" : "[beta]:2222", key);
                    kh.markedKeys();
                }
            } catch (RuntimeException | StackOverflowError e) {
                fail("input #" + i + " gave " + e + ":\n" + input, e);
            }
        }
    }
}
