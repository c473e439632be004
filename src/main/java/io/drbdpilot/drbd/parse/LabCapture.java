// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a lab-style capture into sections: {@code # comment} lines, {@code ### [hh:mm:ss] host$ command} headers,
 * the command's output, and an {@code [exit N]} line. Lines like {@code [02:21:25] alpha: ...} between sections are
 * narration and are skipped; other text outside a section is skipped with a warning.
 */
public final class LabCapture {

    private static final Pattern HEADER = Pattern.compile("^### (?:(\\d\\d:\\d\\d:\\d\\d) )?([\\w.@-]+)\\$ (.*)$");
    private static final Pattern EXIT = Pattern.compile("^\\[exit (\\d+)\\]$");
    private static final Pattern NARRATION = Pattern.compile("^\\[\\d\\d:\\d\\d:\\d\\d\\] .*");

    private LabCapture() {
    }

    public static boolean looksLikeCapture(String text) {
        for (String line : Lines.of(text).lines()) {
            if (HEADER.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }

    public static ParseResult<List<CaptureSection>> split(String text) throws ParseException {
        List<CaptureSection> out = new ArrayList<>();
        List<ParseWarning> warnings = new ArrayList<>();
        List<String> lines = Lines.of(text).lines();
        String host = null;
        String time = null;
        String command = null;
        int first = 0;
        int strayCount = 0;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher h = HEADER.matcher(line);
            Matcher e = EXIT.matcher(line);
            if (h.matches()) {
                if (command != null) {
                    out.add(new CaptureSection(host, time, command, body.toString(), null, first));
                }
                time = h.group(1);
                host = h.group(2);
                command = h.group(3).strip();
                first = i + 2;
                body.setLength(0);
            } else if (e.matches() && command != null) {
                out.add(new CaptureSection(host, time, command, body.toString(), ModelAssembler.integer(e.group(1)), first));
                command = null;
            } else if (NARRATION.matcher(line).matches()) {
                continue; // the capture script's own narration, never command output
            } else if (command != null) {
                body.append(line).append('\n');
            } else if (!line.isBlank() && !line.startsWith("#")) {
                // Consecutive stray lines are one warning: "line 40 (+22 more lines)".
                ParseWarning prev = warnings.isEmpty() ? null : warnings.get(warnings.size() - 1);
                if (prev != null && prev.lineNumber() + strayCount == i) {
                    strayCount++;
                    warnings.set(warnings.size() - 1, new ParseWarning(prev.lineNumber(), prev.line(),
                            "text outside a '### host$ command' section, skipped (" + strayCount + " lines)"));
                } else {
                    strayCount = 1;
                    warnings.add(new ParseWarning(i + 1, line, "text outside a '### host$ command' section, skipped"));
                }
            }
        }
        if (command != null) {
            out.add(new CaptureSection(host, time, command, body.toString(), null, first));
        }
        if (out.isEmpty()) {
            throw new ParseException(0, "", "no '### host$ command' sections");
        }
        return new ParseResult<>(List.copyOf(out), warnings);
    }
}
