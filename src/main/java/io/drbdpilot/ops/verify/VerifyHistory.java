// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verify runs of every resource, one JSON line each, in the state directory: when, on which pair, how long, how
 * much out of sync and where. Comparing runs is the advice against verify's false positives: the same ranges found
 * again and again mean a disk that keeps diverging, a single run may mean writes in flight.
 */
public final class VerifyHistory {

    /**
     * One run.
     *
     * @param ranges each [start KiB, size KiB]
     */
    public record Run(String resource, String node, String peer, Instant at, long seconds, long outOfSyncKiB,
            List<long[]> ranges) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public VerifyHistory(Path file) {
        this.file = file;
    }

    public synchronized void add(Run r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", r.resource());
        m.put("node", r.node());
        m.put("peer", r.peer());
        m.put("at", r.at().toString());
        m.put("seconds", r.seconds());
        m.put("outOfSyncKiB", r.outOfSyncKiB());
        m.put("ranges", r.ranges());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writeValueAsString(m) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The runs of one resource, oldest first; a line that does not parse is skipped. */
    public synchronized List<Run> of(String resource) throws IOException {
        List<Run> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                Map<?, ?> m = JSON.readValue(line, Map.class);
                if (!resource.equals(m.get("resource"))) {
                    continue;
                }
                List<long[]> ranges = new ArrayList<>();
                for (Object o : (List<?>) m.get("ranges")) {
                    List<?> p = (List<?>) o;
                    ranges.add(new long[] {((Number) p.get(0)).longValue(), ((Number) p.get(1)).longValue()});
                }
                out.add(new Run(resource, (String) m.get("node"), (String) m.get("peer"), Instant.parse((String) m
                        .get("at")), ((Number) m.get("seconds")).longValue(), ((Number) m.get("outOfSyncKiB"))
                        .longValue(), ranges));
            } catch (IOException | RuntimeException e) {
                // a damaged line is not a run
            }
        }
        return out;
    }

    /** The ranges (start KiB) found in more than one of {@code runs}: a disk that keeps diverging there. */
    public static List<Long> repeated(List<Run> runs) {
        Map<Long, Integer> seen = new LinkedHashMap<>();
        runs.forEach(r -> r.ranges().stream().map(x -> x[0]).distinct().forEach(s -> seen.merge(s, 1,
                Integer::sum)));
        return seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    /** The runs in words, newest last, with the ranges found again and again. */
    public static String describe(List<Run> runs) {
        if (runs.isEmpty()) {
            return "No verify run recorded yet.";
        }
        StringBuilder sb = new StringBuilder();
        for (Run r : runs) {
            sb.append(r.at()).append("  ").append(r.node()).append(" ↔ ").append(r.peer()).append("  ")
                    .append(r.seconds()).append(" s  ").append(r.outOfSyncKiB()).append(" KiB out of sync");
            r.ranges().stream().limit(8).forEach(x -> sb.append("  [").append(x[0]).append(" KiB +").append(x[1])
                    .append(" KiB]"));
            sb.append('\n');
        }
        List<Long> again = repeated(runs);
        sb.append(again.isEmpty() ? "No range was found in more than one run."
                : "Found again and again (a disk that keeps diverging there): " + again.stream().map(s -> s + " KiB")
                        .toList() + ".");
        return sb.append('\n').toString();
    }
}
