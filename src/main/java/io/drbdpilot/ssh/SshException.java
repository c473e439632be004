// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

/** Something went wrong reaching or using a node. Subclasses say what; the message says it to a person. */
public class SshException extends Exception {

    private static final long serialVersionUID = 1L;

    public SshException(String message) {
        super(message);
    }

    public SshException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No way of logging in worked. The message names the methods that were tried. */
    public static final class AuthFailed extends SshException {
        private static final long serialVersionUID = 1L;

        public AuthFailed(String message) {
            super(message);
        }
    }

    /** The host key is not known and the user (or the policy) did not accept it. */
    public static final class HostKeyRejected extends SshException {
        private static final long serialVersionUID = 1L;

        public HostKeyRejected(String message) {
            super(message);
        }
    }

    /** The host key differs from the one in known_hosts: possibly a man-in-the-middle. Never accepted silently. */
    public static final class HostKeyChanged extends SshException {
        private static final long serialVersionUID = 1L;
        private final String oldFingerprint;
        private final String newFingerprint;

        public HostKeyChanged(String message, String oldFingerprint, String newFingerprint) {
            super(message);
            this.oldFingerprint = oldFingerprint;
            this.newFingerprint = newFingerprint;
        }

        public String oldFingerprint() {
            return oldFingerprint;
        }

        public String newFingerprint() {
            return newFingerprint;
        }
    }

    /** The command did not finish in time; it was abandoned (its channel closed). */
    public static final class Timeout extends SshException {
        private static final long serialVersionUID = 1L;

        public Timeout(String message) {
            super(message);
        }
    }

    /** sudo asked for a password; the admin must add a NOPASSWD rule (the message gives it). */
    public static final class SudoPasswordRequired extends SshException {
        private static final long serialVersionUID = 1L;

        public SudoPasswordRequired(String message) {
            super(message);
        }
    }

    /** The connection could not be made or was lost. */
    public static final class Unreachable extends SshException {
        private static final long serialVersionUID = 1L;

        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
