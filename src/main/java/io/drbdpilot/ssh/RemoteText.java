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

    private RemoteText() {
    }

    /** One line: every control character (newlines included) becomes a space. Null stays null. */
    public static String line(String s) {
        if (s == null) {
            return null;
        }
        return CONTROLS.matcher(ANSI.matcher(s).replaceAll("")).replaceAll(" ");
    }

    /** Lines kept (newline and tab), every other control character gone. Null stays null. */
    public static String lines(String s) {
        if (s == null) {
            return null;
        }
        return CONTROLS_BUT_LINES.matcher(ANSI.matcher(s.replace("\r\n", "\n")).replaceAll("")).replaceAll(" ");
    }
}
