// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * An in-process SSH server on a random loopback port that runs commands with the real /bin/sh, like sshd does, so
 * quoting is tested against a real shell. Commands starting with {@code sudo -n} get sudo's "password required"
 * answer. It counts open channels to check the client's cap.
 */
final class MinaServer implements AutoCloseable {

    final Path hostKey;
    final Path authorizedKeys;
    final AtomicInteger openChannels = new AtomicInteger();
    final AtomicInteger maxOpenChannels = new AtomicInteger();
    private SshServer sshd;
    private int port;

    MinaServer(Path dir, Path authorizedKeys) {
        this.hostKey = dir.resolve("hostkey.ser");
        this.authorizedKeys = authorizedKeys;
    }

    /** At most this many channels per session (0: MINA's default), like OpenSSH's MaxSessions. */
    int maxChannels;

    MinaServer start(int fixedPort) throws IOException {
        sshd = SshServer.setUpDefaultServer();
        if (maxChannels > 0) { // refuses the channel open (SSH_MSG_CHANNEL_OPEN_FAILURE), as sshd past MaxSessions
            sshd.setChannelFactories(List.of(new ChannelSessionFactory() {
                @Override
                public Channel createChannel(Session session) throws IOException {
                    return openChannels.get() >= maxChannels ? null : super.createChannel(session);
                }
            }));
        }
        sshd.setHost("127.0.0.1");
        sshd.setPort(fixedPort);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
        keys.setAlgorithm("EC");
        sshd.setKeyPairProvider(keys);
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
        sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE); // ProxyJump
        sshd.setPasswordAuthenticator((user, password, session) -> user.equals("admin") && password.equals("s3cret"));
        sshd.setCommandFactory((channel, command) -> command.startsWith("sudo -n ")
                ? new SudoWantsPassword()
                : new ProcessShellFactory(command, List.of("/bin/sh", "-c", command)).createShell(channel));
        sshd.addChannelListener(new ChannelListener() {
            @Override
            public void channelOpenSuccess(Channel channel) {
                maxOpenChannels.accumulateAndGet(openChannels.incrementAndGet(), Math::max);
            }

            @Override
            public void channelClosed(Channel channel, Throwable reason) {
                openChannels.decrementAndGet();
            }
        });
        sshd.start();
        port = sshd.getPort();
        return this;
    }

    int port() {
        return port;
    }

    /** SSH sessions the server has open now. */
    int sessionCount() {
        return sshd.getActiveSessions().size();
    }

    void stop() throws IOException {
        sshd.stop(true);
    }

    @Override
    public void close() throws IOException {
        if (sshd != null && sshd.isStarted()) {
            sshd.stop(true);
        }
    }

    /** What sudo -n prints when it would need a password. */
    private static final class SudoWantsPassword implements Command {
        private OutputStream err;
        private ExitCallback exit;

        @Override
        public void setExitCallback(ExitCallback callback) {
            exit = callback;
        }

        @Override
        public void setErrorStream(OutputStream e) {
            err = e;
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            err.write("sudo: a password is required\n".getBytes(StandardCharsets.UTF_8));
            err.flush();
            exit.onExit(1);
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
