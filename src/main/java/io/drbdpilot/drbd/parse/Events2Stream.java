// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.ArrayList;
import java.util.List;

/** Parses a whole captured events2 output (a file, or what a finished {@code --now} call printed) into a fold. */
public final class Events2Stream {

    private Events2Stream() {
    }

    /**
     * Parses every line. A last line cut off in the middle is skipped with a warning, and so is a missing
     * {@code exists -} (the initial dump did not finish).
     */
    public static ParseResult<Events2State> parse(String text) throws ParseException {
        if (text == null || text.isBlank()) {
            throw new ParseException(0, "", "empty input: no events2 lines");
        }
        Lines lines = Lines.of(text);
        Events2State state = new Events2State();
        List<ParseWarning> warnings = new ArrayList<>();
        boolean sawExists = false;
        for (int i = 0; i < lines.lines().size(); i++) {
            String line = lines.lines().get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                Events2Event e = Events2Parser.parseLine(line, i + 1);
                if (lines.isCut(i) && e.object() == Events2Event.ObjectType.OTHER) {
                    // An unterminated last line whose object word is unknown is most likely cut short.
                    throw new ParseException(i + 1, line, "unknown object at the end of the input");
                }
                sawExists |= e.action() == Events2Event.Action.EXISTS;
                state.apply(e);
            } catch (ParseException e) {
                if (lines.isCut(i)) {
                    warnings.add(new ParseWarning(i + 1, line, "input ends in the middle of a line; it was skipped"));
                } else {
                    throw e;
                }
            }
        }
        if (sawExists && !state.initialDumpComplete()) {
            warnings.add(new ParseWarning(0, "", "the initial state dump did not finish (no 'exists -' line): "
                    + "the state may be incomplete"));
        }
        return new ParseResult<>(state, warnings);
    }
}
