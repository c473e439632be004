// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.inspect;

import io.drbdpilot.drbd.parse.LabCapture;
import java.util.regex.Pattern;

/** The kinds of input {@code inspect} reads, and how it tells them apart. */
public enum InputFormat {
    LAB_CAPTURE("lab capture"),
    PROC_DRBD("/proc/drbd"),
    EVENTS2("drbdsetup events2"),
    STATUS_JSON("drbdsetup status --json"),
    DUMP_XML("drbdadm dump-xml"),
    DRBDADM_VERSION("drbdadm --version"),
    STATUS_TEXT("drbdadm status"),
    UNKNOWN("unknown");

    private static final Pattern EVENTS2_LINE = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\dT\\S+ )?(exists|create|change|destroy|call|response|rename) \\S+.*");
    /** A resource name, then key:value words only (each word starts after one space: no backtracking). */
    private static final Pattern STATUS_FIRST = Pattern.compile("^[^\\s:]+( [A-Za-z-]+:\\S*)+$");
    private static final Pattern PROC_DEVICE = Pattern.compile("^\\s*\\d+:\\s+cs:\\S+.*");

    private final String label;

    InputFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True for a line of drbdsetup events2 output, with or without a timestamp. */
    public static boolean isEvents2Line(String line) {
        return EVENTS2_LINE.matcher(line).matches();
    }

    /** Decides from the content alone; file names are not trusted. */
    public static InputFormat detect(String text) {
        if (text == null || text.isBlank()) {
            return UNKNOWN;
        }
        if (LabCapture.looksLikeCapture(text)) {
            return LAB_CAPTURE;
        }
        String first = firstContentLine(text);
        String t = first.strip();
        if (t.startsWith("[") || t.startsWith("{")) {
            return STATUS_JSON;
        }
        if (t.startsWith("<")) {
            return DUMP_XML;
        }
        if (t.startsWith("version:") || t.startsWith("GIT-hash:") || t.startsWith("srcversion:")
                || PROC_DEVICE.matcher(first).matches()) {
            return PROC_DRBD;
        }
        if (isEvents2Line(t)) {
            return EVENTS2;
        }
        if (t.startsWith("DRBDADM_") || t.startsWith("DRBD_KERNEL")) {
            return DRBDADM_VERSION;
        }
        if (STATUS_FIRST.matcher(t).matches() && (t.contains(" role:") || t.contains(" node-id:")
                || t.contains(" connection:") || t.contains(" disk:"))) {
            return STATUS_TEXT; // drbdadm status, or drbdsetup status --verbose with node-id: on the resource line
        }
        return UNKNOWN;
    }

    private static String firstContentLine(String text) {
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return "";
    }
}
