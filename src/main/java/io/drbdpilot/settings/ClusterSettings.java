// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;

/**
 * A cluster: a name, its nodes, and the SSH files it was imported or tested with.
 *
 * @param identityFile   a private key offered first to every node of this cluster (its path, not the key), or null
 * @param knownHostsFile the known_hosts file host keys of this cluster are checked against and recorded in, or null
 *                       for ssh_config's ({@code ~/.ssh/known_hosts})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterSettings(String name, List<NodeSettings> nodes, String identityFile, String knownHostsFile) {

    public ClusterSettings {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        identityFile = blankToNull(identityFile);
        knownHostsFile = blankToNull(knownHostsFile);
    }

    public ClusterSettings(String name, List<NodeSettings> nodes) {
        this(name, nodes, null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The identity file as a path ({@code ~/} is the user's home), or null. */
    @JsonIgnore
    public Path identityPath() {
        return path(identityFile);
    }

    /** The known_hosts file as a path ({@code ~/} is the user's home), or null. */
    @JsonIgnore
    public Path knownHostsPath() {
        return path(knownHostsFile);
    }

    private static Path path(String file) {
        if (file == null) {
            return null;
        }
        return file.startsWith("~/") ? Path.of(System.getProperty("user.home"), file.substring(2)) : Path.of(file);
    }

    public ClusterSettings withName(String newName) {
        return new ClusterSettings(newName, nodes, identityFile, knownHostsFile);
    }

    public ClusterSettings withNodes(List<NodeSettings> newNodes) {
        return new ClusterSettings(name, newNodes, identityFile, knownHostsFile);
    }

    public ClusterSettings withFiles(String identity, String knownHosts) {
        return new ClusterSettings(name, nodes, identity, knownHosts);
    }
}
