// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens authenticated, host-key-verified JSch sessions, through ProxyJump hops when the target has them. Knows nothing
 * of what runs over them.
 */
public final class SshConnector {

    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);

    private final KnownHosts knownHosts;
    private final Prompter prompter;
    private final Duration connectTimeout;
    private final Path agentSocket;

    /** @param agentSocket the ssh-agent to ask first, or null for none; see {@link #agentFromEnvironment()} */
    public SshConnector(KnownHosts knownHosts, Prompter prompter, Duration connectTimeout, Path agentSocket) {
        this.knownHosts = knownHosts;
        this.prompter = prompter;
        this.connectTimeout = connectTimeout;
        this.agentSocket = agentSocket;
    }

    /** The agent of this login ({@code SSH_AUTH_SOCK}), or null when there is none. */
    public static Path agentFromEnvironment() {
        String sock = System.getenv("SSH_AUTH_SOCK");
        return sock == null || sock.isBlank() ? null : Path.of(sock);
    }

    /** A connected target session plus the jump sessions under it; closing it closes them all. */
    public record Connection(Session session, List<Session> jumps) implements AutoCloseable {
        public boolean isConnected() {
            return session.isConnected();
        }

        @Override
        public void close() {
            session.disconnect();
            for (int i = jumps.size() - 1; i >= 0; i--) {
                jumps.get(i).disconnect();
            }
        }
    }

    public Connection connect(SshTarget target) throws SshException {
        List<SshTarget> hops = new ArrayList<>(target.jumps());
        hops.add(target);
        List<Session> opened = new ArrayList<>();
        try {
            Session previous = null;
            for (SshTarget hop : hops) {
                String host = hop.host();
                int port = hop.port();
                if (previous != null) {
                    port = previous.setPortForwardingL("127.0.0.1", 0, hop.host(), hop.port());
                    host = "127.0.0.1";
                }
                previous = open(hop, host, port);
                opened.add(previous);
            }
            return new Connection(opened.get(opened.size() - 1), List.copyOf(opened.subList(0, opened.size() - 1)));
        } catch (SshException | RuntimeException e) {
            opened.forEach(Session::disconnect);
            throw e;
        } catch (JSchException e) {
            opened.forEach(Session::disconnect);
            throw new SshException.Unreachable("Cannot set up the ProxyJump to " + target.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private Session open(SshTarget hop, String host, int port) throws SshException {
        Identities ids = Identities.load(hop.identityFiles(), agentSocket);
        HostKeyVerifier verifier = new HostKeyVerifier(hop.hostKeys() == null ? knownHosts
                : new KnownHosts(hop.hostKeys()), prompter);
        PromptingUserInfo ui = new PromptingUserInfo(prompter, hop.user() + "@" + hop.host());
        Session s;
        try {
            s = new JSch().getSession(hop.user(), host, port);
        } catch (JSchException e) {
            throw new SshException.Unreachable("Bad SSH target " + hop.name() + ": " + e.getMessage(), e);
        }
        s.setSocketFactory(new NoDelaySockets((int) connectTimeout.toMillis()));
        if (Thread.currentThread().isVirtual()) {
            // The session's reader is of the kind of the thread that connects it: a monitor's (virtual, for as long as
            // a window watches) or a one-shot command's (a platform thread; as virtual ones a status took 0.3 s more)
            s.setThreadFactory(Thread.ofVirtual().factory());
        }
        boolean forwarded = !host.equals(hop.host()) || port != hop.port();
        if (forwarded || (hop.hostKeys() != null && hop.hostKeys().alias() != null)) {
            // Through a jump the session sees 127.0.0.1:N; the key is looked up under the real name. Without an
            // alias JSch looks up host or [host]:port itself and checks a host certificate's principals against the
            // bare host name, as OpenSSH does (so certificates are not recognised behind a ProxyJump).
            s.setHostKeyAlias(hop.knownHostsName());
        }
        s.setHostKeyRepository(verifier);
        s.setIdentityRepository(ids);
        s.setUserInfo(ui);
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("PreferredAuthentications", "publickey,keyboard-interactive,password");
        s.setConfig("MaxAuthTries", "10");
        int aliveMs = (int) Math.min(Integer.MAX_VALUE, hop.serverAliveInterval().toMillis());
        long started = System.nanoTime();
        try {
            // JSch drops the connection on the read timeout after ServerAliveCountMax unanswered keepalives, so a
            // count of 1 notices a dead peer after two intervals.
            s.setServerAliveInterval(aliveMs);
            s.setServerAliveCountMax(1);
            s.connect((int) connectTimeout.toMillis());
            LOG.info("Connected to {} ({}:{}) in {} ms", hop.name(), hop.host(), hop.port(),
                    (System.nanoTime() - started) / 1_000_000);
            return s;
        } catch (JSchException e) {
            s.disconnect();
            if (verifier.refusal() != null) {
                throw verifier.refusal();
            }
            String m = String.valueOf(e.getMessage());
            if (m.contains("Auth fail") || m.contains("Auth cancel") || m.contains("USERAUTH fail")) {
                List<String> tried = new ArrayList<>();
                tried.add(ids.describe());
                tried.addAll(ui.tried());
                throw new SshException.AuthFailed("Login to " + hop.user() + "@" + hop.host() + ":" + hop.port()
                        + " failed. Tried: " + String.join("; ", tried) + ".");
            }
            throw new SshException.Unreachable("Cannot reach " + hop.name() + " (" + hop.host() + ":" + hop.port()
                    + "): " + m, e);
        } finally {
            ui.forgetSecrets();
        }
    }
}
