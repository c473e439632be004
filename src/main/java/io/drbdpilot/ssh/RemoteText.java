// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.util.regex.Pattern;

/**
 * Text that came from a node is data, never layout or code: before it is shown (terminal, window) or written (audit,
 * dry-run script), its control characters go. A newline in a check's reason must not start a new line of the dry-run
 * script, and an ANSI escape in a VM's name must not repaint the operator's terminal.
 */
public final class RemoteText {

    /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]+");
    /** The same, but tab and newline stay (command output in the audit, where JSON escapes them). */
    private static final Pattern CONTROLS_BUT_LINES = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029&&[^\\n\\t]]+");
    /** An ANSI escape sequence (CSI or OSC), removed whole rather than leaving its printable tail. */
    private static final Pattern ANSI = Pattern.compile("\\u001B(?:\\[[0-?]*[ -/]*[@-~]|\\][^\\u0007\\u001B]{0,512}"
            + "(?:\\u0007|\\u001B\\\\)?)");

    /** {@code name="shared-secret" value="…"} (dump-xml). */
    private static final Pattern SECRET_XML = Pattern.compile(
            "(name=\"[^\"<>]{0,64}(?:secret|password|passwd)[^\"<>]{0,64}\"\\s{1,16}value=\")([^\"]*)(\")",
            Pattern.CASE_INSENSITIVE);
    /** {@code shared-secret "…";}, {@code --shared-secret=…}, {@code password: …}. */
    private static final Pattern SECRET_WORD = Pattern.compile(
            "((?<![A-Za-z0-9_-])[A-Za-z0-9_-]{0,64}?(?:secret|password|passwd)[A-Za-z0-9_-]{0,64}"
            + "(?:\\s{0,16}[=:]\\s{0,16}|\\s{1,16}))(\"[^\"]*\"|[^\\s;\"]+)",
            Pattern.CASE_INSENSITIVE);

    private RemoteText() {
    }

    /**
     * Secrets hidden: the value of any option or argument whose name says secret or password ({@code shared-secret}
     * in a DRBD configuration, dump-xml, {@code drbdsetup show}, or a {@code --shared-secret=} argument) becomes
     * {@code ***}. For whatever is shown, logged, audited or exported. Null stays null.
     */
    public static String maskSecrets(String s) {
        if (s == null) {
            return null;
        }
        String x = SECRET_XML.matcher(s).replaceAll("$1***$3");
        return SECRET_WORD.matcher(x).replaceAll("$1***");
    }

    /** One line: every control character (newlines included) becomes a space. Null stays null. */
    public static String line(String s) {
        if (s == null) {
            return null;
        }
        return CONTROLS.matcher(ANSI.matcher(s).replaceAll("")).replaceAll(" ");
    }

    /** {@link #line(String)}, cut to {@code max} characters with an ellipsis (a name in a message). */
    public static String line(String s, int max) {
        String l = line(s);
        return l == null || l.length() <= max ? l : l.substring(0, max) + "…";
    }

    /** Lines kept (newline and tab), every other control character gone. Null stays null. */
    public static String lines(String s) {
        if (s == null) {
            return null;
        }
        return CONTROLS_BUT_LINES.matcher(ANSI.matcher(s.replace("\r\n", "\n")).replaceAll("")).replaceAll(" ");
    }
}
