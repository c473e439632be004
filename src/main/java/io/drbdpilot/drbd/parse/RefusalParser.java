// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.Refusal;
import io.drbdpilot.drbd.model.RefusalReason;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads DRBD refusals from a command's stderr (docs/drbd-reference.md §e.2, §e.3):
 * <pre>
 * 0: State change failed: (-12) Device is held open by someone
 * additional info from kernel:
 * /dev/drbd0 open_cnt:1, writable:1; list of openers follows
 * drbd0 opened by mount (pid 1234) at 2026-11-24 10:00:00
 * Command 'drbdsetup-84 secondary 0' terminated with exit code 11
 * </pre>
 * Other lines are ignored: stderr may hold anything.
 */
public final class RefusalParser {

    private static final Pattern STATE = Pattern.compile("^(\\S+): State change failed: \\((-?\\d+)\\) (.*)$");
    private static final Pattern FAILURE = Pattern.compile("^(\\S+): Failure: \\((-?\\d+)\\) (.*)$");
    private static final Pattern COMMAND = Pattern.compile("^Command '(.*)' terminated with exit code (\\d+)$");
    private static final Pattern OPENER = Pattern.compile("^(\\S+) opened by (.+?) \\(pid (\\d+)\\)(?: at (.*))?$");

    private RefusalParser() {
    }

    public static List<Refusal> parse(String stderr) {
        if (stderr == null || stderr.isEmpty()) {
            return List.of();
        }
        List<Builder> found = new ArrayList<>();
        String command = null;
        Integer exit = null;
        for (String raw : Lines.of(stderr).lines()) {
            String line = raw.strip();
            Matcher m = STATE.matcher(line);
            boolean state = m.matches();
            if (!state) {
                m = FAILURE.matcher(line);
            }
            if (state || m.matches()) {
                int code;
                try {
                    code = Integer.parseInt(m.group(2));
                } catch (NumberFormatException e) {
                    continue;
                }
                found.add(new Builder(m.group(1), code, m.group(3).strip(), state));
                continue;
            }
            m = OPENER.matcher(line);
            if (m.matches() && !found.isEmpty()) {
                Integer pid = ModelAssembler.integer(m.group(3));
                if (pid != null) {
                    found.get(found.size() - 1).openers.add(new Refusal.Opener(m.group(1), m.group(2), pid,
                            m.group(4)));
                }
                continue;
            }
            m = COMMAND.matcher(line);
            if (m.matches()) {
                command = m.group(1);
                try {
                    exit = Integer.parseInt(m.group(2));
                } catch (NumberFormatException e) {
                    exit = null;
                }
            }
        }
        List<Refusal> out = new ArrayList<>();
        for (Builder b : found) {
            out.add(new Refusal(b.object, b.code, RefusalReason.ofCode(b.code), b.text, b.state, b.openers, command,
                    exit));
        }
        return List.copyOf(out);
    }

    private static final class Builder {
        final String object;
        final int code;
        final String text;
        final boolean state;
        final List<Refusal.Opener> openers = new ArrayList<>();

        Builder(String object, int code, String text, boolean state) {
            this.object = object;
            this.code = code;
            this.text = text;
            this.state = state;
        }
    }
}
