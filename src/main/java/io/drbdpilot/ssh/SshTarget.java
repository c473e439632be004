// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to reach one node: the resolved result of {@code user@host:port} or an ssh-config alias.
 *
 * @param name                what the user typed (an alias, or {@code user@host:port}); used in messages and logs
 * @param user                login user
 * @param host                host name or address to connect to (after {@code HostName})
 * @param port                TCP port
 * @param identityFiles       key files to offer, in order (configured ones first, then OpenSSH's defaults)
 * @param jumps               ProxyJump hops, in order, each already resolved
 * @param serverAliveInterval keepalive interval; a dead peer is noticed within twice this
 * @param hostKeys            the known_hosts files, alias and hashing from ssh_config, or null for the connector's
 */
public record SshTarget(String name, String user, String host, int port, List<Path> identityFiles,
        List<SshTarget> jumps, Duration serverAliveInterval, HostKeyPolicy hostKeys) {

    public SshTarget {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        identityFiles = List.copyOf(identityFiles);
        jumps = List.copyOf(jumps);
    }

    /** A target that uses the connector's known_hosts. */
    public SshTarget(String name, String user, String host, int port, List<Path> identityFiles,
            List<SshTarget> jumps, Duration serverAliveInterval) {
        this(name, user, host, port, identityFiles, jumps, serverAliveInterval, null);
    }

    /**
     * The {@code known_hosts} name: the {@code HostKeyAlias} if one is set, else {@code host}, or
     * {@code [host]:port} when the port is not 22.
     */
    public String knownHostsName() {
        if (hostKeys != null && hostKeys.alias() != null) {
            return hostKeys.alias();
        }
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** This target and its jumps with {@code file} as the one user known_hosts file (an explicit choice). */
    public SshTarget withUserKnownHosts(Path file) {
        HostKeyPolicy hk = hostKeys == null ? HostKeyPolicy.of(file) : hostKeys.withUserFile(file);
        return new SshTarget(name, user, host, port, identityFiles,
                jumps.stream().map(j -> j.withUserKnownHosts(file)).toList(), serverAliveInterval, hk);
    }

    public boolean isRoot() {
        return user.equals("root");
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
