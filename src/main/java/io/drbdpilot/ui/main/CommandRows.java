// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.ssh.CommandJournal.Entry;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The command log's words for a row: its time, exit, duration, a line of text to copy and what is said of it. */
final class CommandRows {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private CommandRows() {
    }

    /** One command as a line of text: "11:29:36  node-a  exit 0  12 ms  drbdadm secondary web". */
    static String text(Entry e, ZoneId zone) {
        return CLOCK.format(e.at().atZone(zone)) + "  " + e.node() + "  " + exit(new CommandsPanel.Row(e.group(), e)) + "  "
                + took(e) + "  " + e.commandLine();
    }

    static String time(CommandsPanel.Row r, ZoneId zone) {
        Instant t = r.isPlan() ? r.group().started() : r.entry().at();
        return CLOCK.format(t.atZone(zone));
    }

    static String took(Entry e) {
        long ms = e.took().toMillis();
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String exit(CommandsPanel.Row r) {
        if (r.isPlan()) {
            return "";
        }
        Entry e = r.entry();
        if (e.exit() != null && e.status().startsWith("stream ended")) {
            return "ended, exit " + e.exit();
        }
        if (e.exit() != null) {
            return "exit " + e.exit();
        }
        return e.status().isEmpty() ? "?" : e.status();
    }

    static boolean failed(Entry e) {
        return e.exit() == null ? e.status().startsWith("not ") : e.exit() != 0;
    }

    /** What a screen reader says for a row: "node-a, drbdadm secondary web, exit 0, 12 ms, at 11:29:36". */
    static String spoken(CommandsPanel.Row r, ZoneId zone) {
        if (r.isPlan()) {
            return "Plan " + r.group().title() + ", started at " + time(r, zone);
        }
        return r.entry().node() + ", " + r.entry().commandLine() + ", " + exit(r) + ", " + took(r.entry())
                + ", at " + time(r, zone);
    }
}
