// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** SSH keys for tests, made by ssh-keygen in OpenSSH's own format (JSch cannot write ed25519 keys). */
public final class TestKeys {

    private TestKeys() {
    }

    /** Generates a key without passphrase; returns the private key file ({@code file.pub} is the public key). */
    public static Path keygen(Path file, String type) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test", "-f", file.toString())
                .redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
        }
        return file;
    }

    /** An ed25519 key {@code dir/id} and {@code dir/authorized_keys} that accepts it; returns the private key. */
    public static Path clientKey(Path dir) throws Exception {
        Path key = keygen(dir.resolve("id"), "ed25519");
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        return key;
    }
}
