// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real OpenSSH sshd, started by the test on a free loopback port with its own config, host key and authorized keys.
 * Needs /usr/sbin/sshd and root (sshd's privilege separation); tests skip otherwise.
 */
final class OpenSshServer implements AutoCloseable {

    static final Path SSHD = Path.of("/usr/sbin/sshd");

    final int port;
    final Path clientKey;
    final Path hostKey;
    private final Process process;

    static boolean available() {
        return Files.isExecutable(SSHD) && "root".equals(System.getProperty("user.name"));
    }

    OpenSshServer(Path dir) throws Exception {
        this(dir, List.of());
    }

    /** @param extraConfig more sshd_config lines (a HostCertificate, say) */
    OpenSshServer(Path dir, List<String> extraConfig) throws Exception {
        Path existing = dir.resolve("ssh_host_ed25519_key");
        hostKey = Files.exists(existing) ? existing : MinaSshTest.keygen(existing, "ed25519");
        clientKey = MinaSshTest.keygen(dir.resolve("client_ed25519"), "ed25519");
        Path auth = dir.resolve("authorized_keys");
        Files.copy(dir.resolve("client_ed25519.pub"), auth);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve("sshd_config");
        Files.writeString(cfg, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile none",
                "AuthorizedKeysFile " + auth,
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "LogLevel ERROR",
                String.join("\n", extraConfig),
                ""));
        Files.createDirectories(Path.of("/run/sshd"));
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> process.isAlive() && listening());
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
