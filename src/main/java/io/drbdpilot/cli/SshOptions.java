// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.ssh.SessionFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How to log in: the key to offer and the known_hosts to check against (import's options, and every live command's). */
final class SshOptions {

    @Option(names = "--identity", paramLabel = "FILE", description = "A private key to offer first. Repeatable.")
    List<Path> identities = new ArrayList<>();

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts to verify host keys against and "
            + "record new ones in, instead of ssh_config's UserKnownHostsFile (default ~/.ssh/known_hosts); the global "
            + "files (/etc/ssh/ssh_known_hosts) are still read.")
    Path knownHosts;

    /**
     * The sessions: --identity and --known-hosts as given; where one is not given, the file the cluster was saved with
     * ({@code import --save}, the connection manager), when there is a cluster.
     */
    SessionFactory sessions(ClusterSettings cluster) {
        SessionFactory f = SessionFactory.forCurrentUser(ConsolePrompter.forTerminal(), knownHosts, identities);
        if (cluster == null) {
            return f;
        }
        return f.withFiles(identities.isEmpty() ? cluster.identityPath() : null,
                knownHosts == null ? cluster.knownHostsPath() : null);
    }

    /** The cluster with the SSH files given on the command line (absolute paths), for saving it. */
    ClusterSettings withGivenFiles(ClusterSettings c) {
        return c.withFiles(identities.isEmpty() ? null : identities.get(0).toAbsolutePath().normalize().toString(),
                knownHosts == null ? null : knownHosts.toAbsolutePath().normalize().toString());
    }
}
