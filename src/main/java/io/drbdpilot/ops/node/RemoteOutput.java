// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the workload tools print, read as data: {@code virsh domjobinfo}, {@code systemctl list-dependencies},
 * {@code lsof}, {@code /proc/mounts}. Each reader takes any text a node may send (cut short, garbled, hostile) and
 * never throws; its regular expressions have no nested repetition, so they run in linear time.
 */
public final class RemoteOutput {

    private static final Pattern DATA = Pattern.compile("Data (processed|total):[ \\t]{0,64}([0-9]{1,20}(?:\\.[0-9]"
            + "{1,20})?)[ \\t]{0,8}([KMGT]i?B|B)\\b");

    private RemoteOutput() {
    }

    /** A migration's progress from {@code virsh domjobinfo}, 0..1, or -1 when it does not say. */
    private static final Pattern ELAPSED = Pattern.compile("Time elapsed:[ \\t]{0,64}([0-9]{1,12})[ \\t]{0,64}ms");

    /**
     * What a running migration job is doing, in words: libvirt 9.0 in the lab shows only the elapsed time while the
     * target's qemu starts (most of the ~25 s under emulation), and the data figures once memory is copied.
     */
    public static String migrationPhase(String domjobinfo) {
        Matcher e = ELAPSED.matcher(domjobinfo);
        String elapsed = e.find() ? String.format(Locale.ROOT, "%.1f s", Long.parseLong(e.group(1)) / 1000.0) : null;
        double f = migrationProgress(domjobinfo);
        if (f >= 0) {
            return "copying memory, " + Math.round(f * 100) + " %" + (elapsed == null ? "" : ", " + elapsed);
        }
        if (domjobinfo.contains("Job type:") && domjobinfo.contains("None")) {
            return "waiting for the migration job to start";
        }
        if (!domjobinfo.contains("Job type:")) {
            return "finishing: the source no longer lists the job";
        }
        return elapsed == null ? "running" : "starting on the target, " + elapsed;
    }

    public static double migrationProgress(String domjobinfo) {
        double processed = -1;
        double total = -1;
        Matcher m = DATA.matcher(domjobinfo);
        while (m.find()) {
            double v = bytes(m.group(2), m.group(3));
            if (m.group(1).equals("processed")) {
                processed = v;
            } else {
                total = v;
            }
        }
        return processed >= 0 && total > 0 ? Math.min(1, processed / total) : -1;
    }

    private static double bytes(String n, String unit) {
        double v;
        try {
            v = Double.parseDouble(n);
        } catch (NumberFormatException e) {
            return -1;
        }
        return switch (unit.toUpperCase(Locale.ROOT).charAt(0)) {
            case 'K' -> v * 1024;
            case 'M' -> v * 1024 * 1024;
            case 'G' -> v * 1024 * 1024 * 1024;
            case 'T' -> v * 1024 * 1024 * 1024 * 1024;
            default -> v;
        };
    }

    /**
     * The services in {@code systemctl list-dependencies --reverse --plain --no-legend}: the first line is the mount
     * unit itself; names come without {@code .service} and are not validated here.
     */
    public static List<String> services(String listDependencies) {
        return listDependencies.lines().skip(1).map(String::strip).filter(u -> u.endsWith(".service")
                && u.length() > ".service".length()).map(u -> u.substring(0, u.length() - ".service".length()))
                .toList();
    }

    /** {@code COMMAND (pid PID) on DEV} for each process {@code lsof DEV} lists (the header line skipped). */
    static List<String> lsofProcesses(String lsof, String dev) {
        List<String> out = new ArrayList<>();
        lsof.lines().skip(1).map(String::strip).filter(x -> !x.isEmpty()).forEach(x -> {
            String[] f = x.split("\\s+");
            out.add(f[0] + " (pid " + (f.length > 1 ? f[1] : "?") + ") on " + dev);
        });
        return out;
    }

    /** The mounts in {@code /proc/mounts} whose device passes the filter. */
    static List<Probe.Mount> mounts(String procMounts, Predicate<String> device) {
        List<Probe.Mount> out = new ArrayList<>();
        for (String line : procMounts.lines().toList()) {
            String[] f = line.split("\\s+");
            if (f.length > 1 && !f[0].isEmpty() && device.test(f[0])) {
                out.add(new Probe.Mount(f[0], f[1]));
            }
        }
        return out;
    }

    /** The non-blank lines, stripped ({@code virsh list --uuid}, {@code ls holders}). */
    public static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
