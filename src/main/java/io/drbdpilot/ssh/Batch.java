// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

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
        List<String> out = sections(whole.stdout(), count, nonce, true);
        List<String> err = sections(whole.stderr(), count, nonce, false);
        if (out == null || err == null) {
            return null;
        }
        CommandResult[] results = new CommandResult[count];
        for (int i = 0; i < count; i++) {
            try {
                results[i] = new CommandResult(Integer.parseInt(out.get(2 * i + 1)), out.get(2 * i), err.get(2 * i),
                        whole.duration());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return results;
    }

    /**
     * Each command's text between {@code NONCE i} and the newline before its end marker, followed by what the marker
     * carries: the exit code on stdout ({@code NONCE i RC}), nothing on stderr ({@code NONCE i.}). Null when the text
     * is not exactly that, in order, with nothing after it.
     */
    private static List<String> sections(String text, int count, String nonce, boolean withCode) {
        List<String> out = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < count; i++) {
            String begin = nonce + " " + i + "\n";
            String end = "\n" + nonce + " " + i + (withCode ? " " : ".\n");
            if (!text.startsWith(begin, at)) {
                return null;
            }
            int e = text.indexOf(end, at + begin.length());
            int next = e < 0 ? -1 : withCode ? text.indexOf('\n', e + end.length()) + 1 : e + end.length();
            if (next <= 0) {
                return null;
            }
            out.add(text.substring(at + begin.length(), e));
            out.add(withCode ? text.substring(e + end.length(), next - 1) : "");
            at = next;
        }
        return at == text.length() ? out : null;
    }
}
