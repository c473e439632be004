// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Asks the user, for the SSH layer: the GUI shows dialogs, the CLI asks on the terminal, tests answer directly.
 * Secrets are returned as char arrays that the caller clears after use; nothing here stores them.
 */
public interface Prompter {

    /** An unknown host key: accept it (it is then added to known_hosts) or not. */
    boolean acceptUnknownHostKey(HostKeyInfo key);

    /** The passphrase of an encrypted key, or empty to skip that key. */
    Optional<char[]> passphrase(Path keyFile);

    /** A password (or keyboard-interactive answer) for user@host, or empty to give up. */
    Optional<char[]> password(String userAtHost, String prompt);

    /**
     * A known host's key has CHANGED. The connection is refused whatever happens here (the user must remove the old
     * key deliberately); this only tells the user, loudly, with both fingerprints.
     */
    default void hostKeyChanged(HostKeyChange change) {
    }

    /** Accepts nothing and answers nothing: for scripts, which must have keys and known hosts ready. */
    Prompter NON_INTERACTIVE = new Prompter() {
        @Override
        public boolean acceptUnknownHostKey(HostKeyInfo key) {
            return false;
        }

        @Override
        public Optional<char[]> passphrase(Path keyFile) {
            return Optional.empty();
        }

        @Override
        public Optional<char[]> password(String userAtHost, String prompt) {
            return Optional.empty();
        }
    };

    /** A changed host key: the one on file and the one offered now. */
    record HostKeyChange(String host, String keyType, String knownFingerprint, String offeredFingerprint,
            Path knownHostsFile, int line) {
    }

    /**
     * What the user sees about a host key.
     *
     * @param otherKnown keys of other types already on file for the host ("ssh-ed25519 SHA256:…"); when not empty
     *                   this is not a first connection and must be said loudly, as OpenSSH does
     */
    record HostKeyInfo(String host, String keyType, String fingerprint, List<String> otherKnown) {
        public HostKeyInfo {
            otherKnown = List.copyOf(otherKnown);
        }

        public HostKeyInfo(String host, String keyType, String fingerprint) {
            this(host, keyType, fingerprint, List.of());
        }

        /** A first connection (nothing on file for the host), not a host whose known keys are of other types. */
        public boolean firstContact() {
            return otherKnown.isEmpty();
        }

        @Override
        public String toString() {
            return host + " " + keyType + " " + fingerprint;
        }
    }
}
