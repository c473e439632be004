// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens node sessions from what the user typed ({@code user@host:port} or an ssh-config alias): the ssh config is
 * applied, the extra keys are offered first, host keys are checked against the known_hosts files ssh_config names
 * (or the one given explicitly, with the global ones still read) and the prompter asks the user. The CLI, the GUI
 * and the demo each build one; they differ only in the prompter and the files.
 */
public final class SessionFactory implements ChannelOpener {

    private final OpenSshConfig config;
    /** An explicit user known_hosts file ({@code --known-hosts}, the demo's), or null for ssh_config's. */
    private final Path explicitKnownHosts;
    private final KnownHosts knownHosts;
    private final List<Path> identities;
    /** Stateless between connections: every session of this factory shares it. */
    private final SshConnector connector;
    private final Prompter prompter;
    private final Path agent;
    private final Duration connectTimeout;

    public SessionFactory(OpenSshConfig config, Path knownHosts, Prompter prompter, List<Path> identities,
            Path agent, Duration connectTimeout) {
        this.config = config;
        this.explicitKnownHosts = knownHosts;
        this.knownHosts = new KnownHosts(knownHosts != null ? knownHosts
                : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        this.identities = List.copyOf(identities);
        this.connector = new SshConnector(this.knownHosts, prompter, connectTimeout, agent);
        this.prompter = prompter;
        this.agent = agent;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public SessionFactory withFiles(Path identity, Path userKnownHosts) {
        if (identity == null && userKnownHosts == null) {
            return this;
        }
        List<Path> keys = new ArrayList<>();
        if (identity != null) {
            keys.add(identity);
        }
        identities.stream().filter(k -> !k.equals(identity)).forEach(keys::add);
        return new SessionFactory(config, userKnownHosts != null ? userKnownHosts : explicitKnownHosts, prompter, keys,
                agent, connectTimeout);
    }

    /**
     * The current user's ssh config, agent and known_hosts files.
     *
     * @param knownHosts an explicit user known_hosts file, or null for the ones ssh_config names
     */
    public static SessionFactory forCurrentUser(Prompter prompter, Path knownHosts, List<Path> identities) {
        return new SessionFactory(OpenSshConfig.forCurrentUser(), knownHosts, prompter, identities,
                SshConnector.agentFromEnvironment(), Duration.ofSeconds(30));
    }

    /** Resolves a target as the session would (for showing the user what it means). */
    @Override
    public SshTarget resolve(String spec) {
        SshTarget t = config.resolve(spec);
        if (explicitKnownHosts != null) {
            t = t.withUserKnownHosts(explicitKnownHosts);
        }
        List<Path> keys = new ArrayList<>(identities);
        keys.addAll(t.identityFiles());
        return new SshTarget(t.name(), t.user(), t.host(), t.port(), keys, t.jumps(), t.serverAliveInterval(),
                t.hostKeys());
    }

    /** A session to one target; not connected yet. */
    @Override
    public NodeSession open(String spec) {
        return new NodeSession(resolve(spec), connector, 8, Clock.systemUTC());
    }
}
