// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a target's host keys are looked up and how a new one is recorded, as ssh_config says it:
 * {@code UserKnownHostsFile} (read, the first one also written), {@code GlobalKnownHostsFile} (read only),
 * {@code HostKeyAlias} (the name looked up instead of {@code [host]:port}) and {@code HashKnownHosts}.
 *
 * @param userFiles   read in order; a newly accepted key is appended to the first
 * @param globalFiles read after the user files, never written
 * @param alias       {@code HostKeyAlias}, or null
 * @param hash        {@code HashKnownHosts yes}: new entries name the host as {@code |1|salt|hmac}
 */
public record HostKeyPolicy(List<Path> userFiles, List<Path> globalFiles, String alias, boolean hash) {

    public HostKeyPolicy {
        userFiles = List.copyOf(userFiles);
        globalFiles = List.copyOf(globalFiles);
        if (userFiles.isEmpty()) {
            throw new IllegalArgumentException("at least one user known_hosts file is needed");
        }
        if (alias != null && (alias.isBlank() || alias.chars().anyMatch(c -> c <= ' ' || c == ','))) {
            throw new IllegalArgumentException("not a HostKeyAlias: '" + alias + "'");
        }
    }

    /** One file, read and written; no global files, no alias, plain names. */
    public static HostKeyPolicy of(Path file) {
        return new HostKeyPolicy(List.of(file), List.of(), null, false);
    }

    /** The same, with {@code file} as the only user file (an explicit {@code --known-hosts}). */
    public HostKeyPolicy withUserFile(Path file) {
        return new HostKeyPolicy(List.of(file), globalFiles, alias, hash);
    }
}
