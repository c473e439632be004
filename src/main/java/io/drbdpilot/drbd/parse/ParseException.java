// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

/**
 * The only exception a parser throws. It names the line (1-based) and quotes it, so the user sees exactly what could
 * not be read.
 */
public final class ParseException extends Exception {

    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTE = 200;

    private final int lineNumber;
    private final String line;
    private final String reason;

    public ParseException(int lineNumber, String line, String reason) {
        super(format(lineNumber, line, reason));
        this.lineNumber = lineNumber;
        this.line = line == null ? "" : line;
        this.reason = reason;
    }

    public ParseException(int lineNumber, String line, String reason, Throwable cause) {
        this(lineNumber, line, reason);
        initCause(cause);
    }

    /** 1-based; 0 when the problem is not tied to one line (e.g. empty input). */
    public int lineNumber() {
        return lineNumber;
    }

    public String line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    /** The same problem, with the line number shifted (for a section that starts further down in a file). */
    public ParseException offsetBy(int lines) {
        return new ParseException(lineNumber == 0 ? 0 : lineNumber + lines, line, reason, this);
    }

    static String quote(String line) {
        String l = line == null ? "" : line;
        return l.length() > MAX_QUOTE ? l.substring(0, MAX_QUOTE) + "…" : l;
    }

    private static String format(int n, String line, String reason) {
        return (n > 0 ? "line " + n + ": " : "") + reason + (line == null || line.isEmpty() ? "" : ": " + quote(line));
    }
}
