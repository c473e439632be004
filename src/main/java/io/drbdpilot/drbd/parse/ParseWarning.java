// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

/** Something that was skipped or incomplete but did not stop the parse, e.g. a stream cut in the middle of a line. */
public record ParseWarning(int lineNumber, String line, String message) {

    @Override
    public String toString() {
        return (lineNumber > 0 ? "line " + lineNumber + ": " : "") + message
                + (line == null || line.isEmpty() ? "" : ": " + ParseException.quote(line));
    }
}
