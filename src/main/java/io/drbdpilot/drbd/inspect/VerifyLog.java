// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kernel says about an online verify, from its lines about the resource ({@link KernelLog}): the ranges
 * found out of sync ({@code Out of sync: start=S, size=N (sectors)}, 512-byte sectors), the count
 * ({@code Online verify found N 4k block(s) out of sync!}) and the end ({@code Online verify done (total T sec; paused P
 * sec; R K/sec)}).
 */
public final class VerifyLog {

    /** One range found out of sync, in 512-byte sectors from the start of the device. */
    public record Range(long startSector, long sectors) {

        public long startKiB() {
            return startSector / 2;
        }

        public long sizeKiB() {
            return sectors / 2;
        }

        /** "at 1024 KiB, 4 KiB" */
        public String describe() {
            return "at " + startKiB() + " KiB, " + sizeKiB() + " KiB";
        }
    }

    /**
     * The result of one verify as the kernel logged it.
     *
     * @param blocks  the 4 KiB blocks found out of sync, or null when the kernel did not say (not done)
     * @param seconds how long it ran, or null
     */
    public record Result(List<Range> ranges, Long blocks, Long seconds, boolean done) {

        /**
         * The ranges in device order, touching ones merged: the kernel prints a range when its requests complete, so
         * the same blocks come in another order and split differently from run to run (the lab's 8.4.11 printed
         * 2048+2016 then 4064+32 sectors in one run, 2048+168 then 2216+1880 in the next).
         */
        public Result {
            List<Range> sorted = new ArrayList<>(ranges);
            sorted.sort(Comparator.comparingLong(Range::startSector));
            List<Range> merged = new ArrayList<>();
            for (Range r : sorted) {
                Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && r.startSector() <= last.startSector() + last.sectors()) {
                    long end = Math.max(last.startSector() + last.sectors(), r.startSector() + r.sectors());
                    merged.set(merged.size() - 1, new Range(last.startSector(), end - last.startSector()));
                } else {
                    merged.add(r);
                }
            }
            ranges = List.copyOf(merged);
        }

        public long outOfSyncKiB() {
            return blocks != null ? blocks * 4 : ranges.stream().mapToLong(Range::sizeKiB).sum();
        }
    }

    private static final Pattern RANGE = Pattern.compile("Out of sync: start=(\\d+), size=(\\d+) \\(sectors\\)");
    private static final Pattern FOUND = Pattern.compile("Online verify found (\\d+) (\\d+)k blocks? out of sync");
    private static final Pattern DONE = Pattern.compile("Online verify done \\(total (\\d+) sec");

    private VerifyLog() {
    }

    /** The last verify among {@code lines}: from its first range or its start to its end. */
    public static Result last(List<KernelLog.Line> lines) {
        List<Range> ranges = new ArrayList<>();
        Long blocks = null;
        Long seconds = null;
        boolean done = false;
        for (KernelLog.Line l : lines) {
            String t = l.text();
            Matcher r = RANGE.matcher(t);
            Matcher d = DONE.matcher(t);
            boolean range = r.find();
            boolean end = d.find();
            if ((range || end) && done) { // the previous run ended: this line starts the next one
                ranges.clear();
                blocks = null;
                seconds = null;
                done = false;
            }
            if (range) {
                ranges.add(new Range(Long.parseLong(r.group(1)), Long.parseLong(r.group(2))));
            }
            if (end) {
                seconds = Long.parseLong(d.group(1));
                done = true;
            }
            Matcher f = FOUND.matcher(t);
            if (f.find()) { // logged after "done", about the same run
                blocks = Long.parseLong(f.group(1)) * Long.parseLong(f.group(2)) / 4;
            }
        }
        return new Result(ranges, blocks, seconds, done);
    }
}
