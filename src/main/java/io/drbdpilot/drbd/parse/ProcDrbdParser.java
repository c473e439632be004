// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.ConnState84;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.KernelVersion;
import io.drbdpilot.drbd.model.Reported;
import io.drbdpilot.drbd.model.ResyncProgress;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code /proc/drbd} of DRBD 0.7, 8.0-8.3, 8.4 and the 9.x header (docs/drbd-reference.md §a). Pure and
 * stateless.
 */
public final class ProcDrbdParser {

    private static final Pattern VERSION = Pattern.compile(
            "^version:\\s*(\\S+)(?:\\s+\\(api:([^/)]*)/proto:([^)]*)\\))?(\\s+\\(compat 8\\.4\\))?\\s*$");
    /** A line of {@code key:number} counters only ({@code pe:0 ua:0 ap:0}). */
    private static final Pattern COUNTERS = Pattern.compile("[a-z]{1,8}:[0-9a-z]{1,20}( [a-z]{1,8}:[0-9a-z]{1,20})*");
    private static final Pattern GIT = Pattern.compile("^GIT-hash:\\s*(\\S+)(?:\\s+(build by .*))?$");
    private static final Pattern SRC = Pattern.compile("^srcversion:\\s*(\\S+)\\s*$");
    private static final Pattern SVN = Pattern.compile("^SVN Revision:\\s*(\\S+)(?:\\s+(build by .*))?$");
    private static final Pattern DEVICE = Pattern.compile("^\\s*(\\d+):\\s+cs:(\\S+)(.*)$");
    private static final Pattern FLAGS = Pattern.compile("^[rsapudcbn-]{4,6}$");
    private static final Pattern SYNCED = Pattern.compile(
            "(sync'ed|verified):\\s*([0-9]+(?:\\.[0-9]+)?)%\\s*\\(([0-9,]+)/([0-9,]+)\\)([KM])");
    private static final Pattern FINISH = Pattern.compile("finish:\\s*(\\S+)");
    private static final Pattern SPEED = Pattern.compile(
            "speed:\\s*([0-9,]+)(?:\\s*\\(([0-9,]+)(?:\\s*--\\s*([0-9,]+))?\\))?");
    private static final Pattern WANT = Pattern.compile("want:\\s*([0-9,]+)");

    private ProcDrbdParser() {
    }

    public static ParseResult<ProcDrbd> parse(String text) throws ParseException {
        if (text == null || text.isBlank()) {
            throw new ParseException(0, "", "empty input: no /proc/drbd content");
        }
        Lines lines = Lines.of(text);
        List<ParseWarning> warnings = new ArrayList<>();
        Header header = new Header();
        List<ProcDevice> devices = new ArrayList<>();
        DeviceBuilder current = null;

        for (int i = 0; i < lines.lines().size(); i++) {
            String line = lines.lines().get(i);
            int n = i + 1;
            try {
                if (line.isBlank()) {
                    continue; // 8.4 prints a blank line for every gap in the minors
                }
                Matcher dm = DEVICE.matcher(line);
                if (dm.matches()) {
                    if (current != null) {
                        devices.add(current.build());
                        current = null;
                    }
                    current = device(dm, n, line);
                } else if (Character.isWhitespace(line.charAt(0))) {
                    if (current == null) {
                        warnings.add(new ParseWarning(n, line, "indented line before any device, ignored"));
                    } else {
                        current.detail(line.strip());
                    }
                } else if (line.strip().equals("stalled") && current != null) {
                    current.stalled = true; // 0.7 prints it on a line of its own
                } else if (!header.accept(line)) {
                    if (current != null && COUNTERS.matcher(line.strip()).matches()) {
                        current.detail(line.strip()); // counters a mail or a terminal wrapped to column 0
                        warnings.add(new ParseWarning(n, line, "counters at column 0 (a wrapped line), read as "
                                + "part of minor " + current.minor));
                    } else {
                        // one line that cannot be placed (a wrapped header) must not cost the devices around it
                        warnings.add(new ParseWarning(n, line, "not a /proc/drbd line; skipped"));
                    }
                }
            } catch (ParseException e) {
                if (lines.isCut(i)) {
                    warnings.add(new ParseWarning(n, line, "input ends in the middle of a line; it was skipped"));
                } else {
                    throw e;
                }
            } catch (RuntimeException e) {
                if (lines.isCut(i)) {
                    warnings.add(new ParseWarning(n, line, "input ends in the middle of a line; it was skipped"));
                } else {
                    throw new ParseException(n, line, "cannot read this line (" + e.getClass().getSimpleName() + ")");
                }
            }
        }
        if (current != null) {
            devices.add(current.build());
        }
        if (header.version == null && devices.isEmpty() && header.git == null && header.src == null) {
            throw new ParseException(1, lines.lines().get(0), "no /proc/drbd header and no device lines");
        }
        return new ParseResult<>(new ProcDrbd(header.toKernel(), header.transports, devices), warnings);
    }

    private static DeviceBuilder device(Matcher m, int n, String line) throws ParseException {
        int minor;
        try {
            minor = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw new ParseException(n, line, "minor number out of range");
        }
        DeviceBuilder b = new DeviceBuilder(minor, Reported.parse(ConnState84.class, m.group(2)));
        String rest = m.group(3).strip();
        if (b.cs.is(ConnState84.UNCONFIGURED)) {
            return b;
        }
        for (String tok : rest.isEmpty() ? new String[0] : rest.split("\\s+")) {
            if (tok.startsWith("ro:") || tok.startsWith("st:")) {
                String[] rr = pair(tok.substring(3), n, line);
                b.role = Reported.parse(Role.class, rr[0]);
                b.peerRole = rr[1] == null ? null : Reported.parse(Role.class, rr[1]);
            } else if (tok.startsWith("ds:")) {
                String[] dd = pair(tok.substring(3), n, line);
                b.disk = Reported.parse(DiskState.class, dd[0]);
                b.peerDisk = dd[1] == null ? null : Reported.parse(DiskState.class, dd[1]);
            } else if (tok.startsWith("ld:")) {
                // DRBD 0.7: the local data only, Consistent or Inconsistent; Consistent is 0.7's good state
                String ld = tok.substring(3);
                b.disk = ld.equals("Consistent") ? new Reported<>(DiskState.UP_TO_DATE, ld)
                        : Reported.parse(DiskState.class, ld);
            } else if (tok.length() == 1 && "ABC".contains(tok)) {
                b.protocol = tok.charAt(0);
            } else if (FLAGS.matcher(tok).matches()) {
                b.flags = tok;
            } else {
                b.extra.add(tok);
            }
        }
        if (b.role == null) {
            throw new ParseException(n, line, "device line without a role (ro: or st:)");
        }
        if (b.disk == null) {
            throw new ParseException(n, line, "device line without a disk state (ds: or ld:)");
        }
        return b;
    }

    private static String[] pair(String v, int n, String line) throws ParseException {
        if (v.isEmpty()) {
            throw new ParseException(n, line, "empty state value");
        }
        int slash = v.indexOf('/');
        return slash < 0 ? new String[] {v, null} : new String[] {v.substring(0, slash), v.substring(slash + 1)};
    }

    static long number(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    /** {@code h:mm:ss} (or {@code ∞}) to seconds; null when it cannot be read. */
    static Long duration(String s) {
        String[] p = s.split(":");
        if (p.length != 3) {
            return null;
        }
        try {
            return Long.parseLong(p[0]) * 3600 + Long.parseLong(p[1]) * 60 + Long.parseLong(p[2]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final class Header {
        String version;
        String api;
        String proto;
        String git;
        String src;
        String build;
        String transports;
        boolean compat;

        boolean accept(String line) {
            Matcher m = VERSION.matcher(line);
            if (m.matches()) {
                version = m.group(1);
                api = m.group(2);
                proto = m.group(3);
                compat = m.group(4) != null;
                return true;
            }
            m = GIT.matcher(line);
            if (m.matches()) {
                git = m.group(1);
                build = m.group(2);
                return true;
            }
            m = SRC.matcher(line);
            if (m.matches()) {
                src = m.group(1);
                return true;
            }
            m = SVN.matcher(line);
            if (m.matches()) {
                git = m.group(1);
                build = m.group(2);
                return true;
            }
            if (line.startsWith("Transports")) {
                transports = line.strip();
                return true;
            }
            return false;
        }

        KernelVersion toKernel() {
            if (version == null && git == null && src == null) {
                return null;
            }
            return new KernelVersion(version, api, proto, git, src, build, compat);
        }
    }

    private static final class DeviceBuilder {
        final int minor;
        final Reported<ConnState84> cs;
        Reported<Role> role;
        Reported<Role> peerRole;
        Reported<DiskState> disk;
        Reported<DiskState> peerDisk;
        Character protocol;
        String flags;
        final Map<String, String> counters = new LinkedHashMap<>();
        final List<String> extra = new ArrayList<>();
        Double percent;
        Long left;
        Long total;
        Long speed;
        Long avg;
        Long want;
        Long eta;
        boolean stalled;
        boolean verify;
        boolean hasProgress;

        DeviceBuilder(int minor, Reported<ConnState84> cs) {
            this.minor = minor;
            this.cs = cs;
        }

        void detail(String s) {
            if (s.startsWith("ns:") || s.startsWith("nr:") || COUNTERS.matcher(s).matches()) {
                for (String tok : s.split("\\s+")) {
                    int c = tok.indexOf(':');
                    if (c > 0) {
                        counters.put(tok.substring(0, c), tok.substring(c + 1));
                    }
                }
                return;
            }
            boolean used = false;
            Matcher m = SYNCED.matcher(s);
            if (m.find()) {
                verify = m.group(1).equals("verified");
                percent = Double.parseDouble(m.group(2));
                long unit = m.group(5).equals("M") ? 1024 : 1;
                left = number(m.group(3)) * unit;
                total = number(m.group(4)) * unit;
                hasProgress = used = true;
            }
            m = FINISH.matcher(s);
            if (m.find()) {
                eta = duration(m.group(1));
                hasProgress = used = true;
            }
            m = SPEED.matcher(s);
            if (m.find()) {
                speed = number(m.group(1));
                avg = m.group(2) == null ? null : number(m.group(2));
                hasProgress = used = true;
            }
            m = WANT.matcher(s);
            if (m.find()) {
                want = number(m.group(1));
                used = true;
            }
            if (s.contains("(stalled)") || s.equals("stalled")) {
                stalled = true;
                used = true;
            }
            if (!used) {
                extra.add(s);
            }
        }

        ProcDevice build() {
            ResyncProgress p = hasProgress || stalled
                    ? new ResyncProgress(percent, left, total, speed, avg, want, eta, stalled, verify)
                    : null;
            Reported<Role> r = role != null ? role : Reported.of(Role.SECONDARY);
            Reported<DiskState> d = disk != null ? disk : Reported.of(DiskState.DISKLESS);
            return new ProcDevice(minor, cs, r, peerRole, d, peerDisk, protocol, flags, counters, p, extra);
        }
    }
}
