// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import io.drbdpilot.ssh.RemoteText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What makes a list of clusters savable, in words: the connection manager's Save and {@code import --save} ask the
 * same questions, so neither stores what the other would refuse.
 */
public final class ClusterValidation {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern CLUSTER_NAME = Pattern.compile("[^\\p{Cntrl}]{1,80}");

    private ClusterValidation() {
    }

    /**
     * @param resolve resolves an SSH target as a session would (ssh_config applied) and throws
     *                {@link IllegalArgumentException} when it is not usable
     * @return the problems; empty when the list can be saved
     */
    public static List<String> problems(List<ClusterSettings> clusters, Consumer<String> resolve) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ClusterSettings c : clusters) {
            String n = c.name() == null ? "" : c.name().strip();
            if (!CLUSTER_NAME.matcher(n).matches()) {
                out.add("A cluster needs a name (up to 80 characters).");
            } else if (!seen.add(n.toLowerCase(Locale.ROOT))) {
                out.add("Two clusters are called '" + n + "': names must differ.");
            }
            if (c.nodes().isEmpty()) {
                out.add("Cluster '" + n + "' has no nodes: add one, or import them from a node.");
            }
            fileProblem(n, "identity file", c.identityFile(), c.identityPath()).ifPresent(out::add);
            fileProblem(n, "known_hosts file", c.knownHostsFile(), c.knownHostsPath()).ifPresent(out::add);
            Set<String> nodes = new HashSet<>();
            for (NodeSettings node : c.nodes()) {
                out.addAll(nodeProblems(n, node, resolve));
                if (node.name() != null && !nodes.add(node.name())) {
                    out.add("Cluster '" + n + "' has node '" + node.name() + "' twice.");
                }
            }
        }
        return out;
    }

    /** A file the cluster names must be a readable regular file (a known_hosts file may be created later). */
    private static Optional<String> fileProblem(String cluster, String what, String given, Path path) {
        if (given == null) {
            return Optional.empty();
        }
        if (given.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("Cluster '" + cluster + "': the " + what + " contains control characters.");
        }
        if (!path.isAbsolute()) {
            return Optional.of("Cluster '" + cluster + "': the " + what + " '" + RemoteText.line(given, 120)
                    + "' is not an absolute path (or ~/...).");
        }
        boolean mayBeNew = what.startsWith("known_hosts") && path.getParent() != null
                && Files.isDirectory(path.getParent());
        if (Files.isRegularFile(path) ? !Files.isReadable(path) : !mayBeNew) {
            return Optional.of("Cluster '" + cluster + "': the " + what + " " + path + " is not a readable file.");
        }
        return Optional.empty();
    }

    private static List<String> nodeProblems(String cluster, NodeSettings node, Consumer<String> resolve) {
        List<String> out = new ArrayList<>();
        String name = node.name() == null ? "" : node.name();
        if (!NAME.matcher(name).matches()) {
            out.add("Cluster '" + cluster + "': '" + RemoteText.line(name, 80) + "' is not a valid "
                    + "node name (letters, digits, '.', '_' and '-', starting with a letter or digit).");
        }
        String target = node.target() == null ? "" : node.target().strip();
        if (target.isEmpty()) {
            out.add("Cluster '" + cluster + "': node '" + name + "' has no SSH target (user@host:port or an "
                    + "ssh-config alias).");
        } else if (target.chars().anyMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch)
                || ch == '\'' || ch == '"' || ch == ';' || ch == '`' || ch == '$')) {
            out.add("Cluster '" + cluster + "': the SSH target of '" + name + "' contains spaces, quotes or shell "
                    + "characters: " + RemoteText.line(target, 120));
        } else {
            try {
                resolve.accept(target);
            } catch (IllegalArgumentException e) {
                out.add("Cluster '" + cluster + "': the SSH target of '" + name + "' is not usable: "
                        + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The clusters on disk with one session's edit applied: what it removed is removed, what it added or changed
     * replaces the entry of that name; clusters it never saw (another window's, {@code import --save}'s) stay.
     *
     * @param before the list as the session loaded it
     * @param after  the list as the session wants it
     * @param onDisk the list on disk now
     */
    public static List<ClusterSettings> merge(List<ClusterSettings> before, List<ClusterSettings> after,
            List<ClusterSettings> onDisk) {
        Set<String> kept = new HashSet<>();
        after.forEach(c -> kept.add(c.name()));
        List<ClusterSettings> out = new ArrayList<>(onDisk.stream().filter(c -> kept.contains(c.name())
                || before.stream().noneMatch(b -> b.name().equals(c.name()))).toList());
        for (ClusterSettings c : after) {
            if (before.contains(c)) {
                continue; // untouched here: whatever is on disk wins
            }
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).name().equals(c.name())) {
                    at = i;
                }
            }
            if (at >= 0) {
                out.set(at, c);
            } else {
                out.add(c);
            }
        }
        return out;
    }
}
