// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Several small reads in one channel: one {@code sh -c} on the node runs them one after the other, each between
 * markers on stdout and stderr, and the output is cut back into one result per command. An sshd starts a session (a
 * process, PAM) for every channel; on a slow node five channels cost seconds where one costs a fraction of it. The
 * commands are quoted by {@link RemoteCommand#toShell} like every other; the markers carry a random nonce, so a
 * command's own output cannot end its section by accident.
 */
final class Batch {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Batch() {
    }

    static String nonce() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "drbd-pilot-" + HexFormat.of().formatHex(b);
    }

    /**
     * The script: for command {@code i}, {@code NONCE i} on both streams, the command (stdin closed), then a newline and
     * {@code NONCE i RC} on stdout and a newline and {@code NONCE i.} on stderr.
     */
    static String script(List<RemoteCommand> commands, boolean loginIsRoot, String nonce) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            sb.append("printf '%s\\n' '").append(nonce).append(' ').append(i).append("'; ");
            sb.append("printf '%s\\n' '").append(nonce).append(' ').append(i).append("' >&2; ");
            sb.append(commands.get(i).toShell(loginIsRoot)).append(" </dev/null; ");
            sb.append("printf '\\n%s %d\\n' '").append(nonce).append(' ').append(i).append("' \"$?\"; ");
            sb.append("printf '\\n%s\\n' '").append(nonce).append(' ').append(i).append(".' >&2; ");
        }
        return sb.toString();
    }

    /** The commands' results, or null when the output is not what the script prints (the caller runs them apart). */
    static CommandResult[] split(CommandResult whole, int count, String nonce) {
        CommandResult[] out = new CommandResult[count];
        List<String> err = sections(whole.stderr(), count, nonce, i -> "\n" + nonce + " " + i + ".\n");
        if (err == null) {
            return null;
        }
        String text = whole.stdout();
        int at = 0;
        for (int i = 0; i < count; i++) {
            String begin = nonce + " " + i + "\n";
            String endPrefix = "\n" + nonce + " " + i + " ";
            if (!text.startsWith(begin, at)) {
                return null;
            }
            int end = text.indexOf(endPrefix, at + begin.length());
            int eol = end < 0 ? -1 : text.indexOf('\n', end + endPrefix.length());
            if (eol < 0) {
                return null;
            }
            int rc;
            try {
                rc = Integer.parseInt(text.substring(end + endPrefix.length(), eol));
            } catch (NumberFormatException e) {
                return null;
            }
            out[i] = new CommandResult(rc, text.substring(at + begin.length(), end), err.get(i), whole.duration());
            at = eol + 1;
        }
        return at == text.length() ? out : null;
    }

    private static List<String> sections(String text, int count, String nonce, IntFunction<String> endOf) {
        List<String> out = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < count; i++) {
            String begin = nonce + " " + i + "\n";
            if (!text.startsWith(begin, at)) {
                return null;
            }
            String end = endOf.apply(i);
            int e = text.indexOf(end, at + begin.length());
            if (e < 0) {
                return null;
            }
            out.add(text.substring(at + begin.length(), e));
            at = e + end.length();
        }
        return at == text.length() ? out : null;
    }
}
