// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command to run on a node, as an argv list. {@link #toShell(boolean)} is the one place where it becomes a string for
 * the remote shell: every argument is quoted, so what the caller passed is exactly what the program receives, whatever
 * it contains ({@code r0; rm -rf /}, {@code $(id)}, quotes, newlines).
 *
 * @param argv       program and arguments; never empty
 * @param privileged needs root: run through {@code sudo -n} when the login is not root
 */
public record RemoteCommand(List<String> argv, boolean privileged) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    public RemoteCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        for (String a : argv) {
            if (a.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL byte in an argument");
            }
        }
    }

    public static RemoteCommand of(String... argv) {
        return new RemoteCommand(List.of(argv), false);
    }

    public static RemoteCommand root(String... argv) {
        return new RemoteCommand(List.of(argv), true);
    }

    /** The argv as run for a login: with {@code sudo -n --} in front when privileged and not root. */
    public List<String> effectiveArgv(boolean loginIsRoot) {
        if (!privileged || loginIsRoot) {
            return argv;
        }
        List<String> out = new ArrayList<>(argv.size() + 3);
        out.add("sudo");
        out.add("-n");
        out.add("--");
        out.addAll(argv);
        return out;
    }

    /** The command line for the remote POSIX shell. */
    public String toShell(boolean loginIsRoot) {
        StringBuilder sb = new StringBuilder();
        for (String a : effectiveArgv(loginIsRoot)) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        return sb.toString();
    }

    /** POSIX shell quoting: safe words stay bare, anything else goes in single quotes, with {@code '} as {@code '\''}. */
    public static String quote(String arg) {
        if (!arg.isEmpty() && SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
