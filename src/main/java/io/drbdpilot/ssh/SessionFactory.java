// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens node sessions from what the user typed ({@code user@host:port} or an ssh-config alias): the ssh config is
 * applied, the extra keys are offered first, host keys are checked against one known_hosts file and the prompter asks
 * the user. The CLI, the GUI and the demo each build one; they differ only in the prompter and the files.
 */
public final class SessionFactory {

    private final OpenSshConfig config;
    private final KnownHosts knownHosts;
    private final List<Path> identities;
    /** Stateless between connections: every session of this factory shares it. */
    private final SshConnector connector;

    public SessionFactory(OpenSshConfig config, Path knownHosts, Prompter prompter, List<Path> identities,
            Path agent, Duration connectTimeout) {
        this.config = config;
        this.knownHosts = new KnownHosts(knownHosts);
        this.identities = List.copyOf(identities);
        this.connector = new SshConnector(this.knownHosts, prompter, connectTimeout, agent);
    }

    /** The current user's ssh config, agent and {@code ~/.ssh/known_hosts}. */
    public static SessionFactory forCurrentUser(Prompter prompter, Path knownHosts, List<Path> identities) {
        Path kh = knownHosts != null ? knownHosts
                : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        return new SessionFactory(OpenSshConfig.forCurrentUser(), kh, prompter, identities,
                SshConnector.agentFromEnvironment(), Duration.ofSeconds(30));
    }

    public Path knownHostsFile() {
        return knownHosts.file();
    }

    /** Resolves a target as the session would (for showing the user what it means). */
    public SshTarget resolve(String spec) {
        SshTarget t = config.resolve(spec);
        List<Path> keys = new ArrayList<>(identities);
        keys.addAll(t.identityFiles());
        return new SshTarget(t.name(), t.user(), t.host(), t.port(), keys, t.jumps(), t.serverAliveInterval());
    }

    /** A session to one target; not connected yet. */
    public NodeSession open(String spec) {
        return new NodeSession(resolve(spec), connector, 8, Clock.systemUTC());
    }
}
