// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scans kernel log text ({@code dmesg}) for the lines that decide a diagnosis: {@code Split-Brain detected} (8.4 names
 * the minor, {@code block drbd1:}; 9 names the resource, {@code drbd r1:}) and {@code Unrelated data, aborting!}.
 */
public record KernelLog(Set<Integer> splitBrainMinors, Set<String> splitBrainResources, Set<Integer> unrelatedMinors,
        Set<String> unrelatedResources) {

    private static final Pattern SUBJECT = Pattern.compile("(?:block drbd(\\d+)|drbd ([^\\s:/]+))(?:/\\d+ drbd\\d+)?"
            + "(?: [^:]+)?: (.*)$");

    public KernelLog {
        splitBrainMinors = Set.copyOf(splitBrainMinors);
        splitBrainResources = Set.copyOf(splitBrainResources);
        unrelatedMinors = Set.copyOf(unrelatedMinors);
        unrelatedResources = Set.copyOf(unrelatedResources);
    }

    public static KernelLog scan(String text) {
        Set<Integer> sbMinors = new LinkedHashSet<>();
        Set<String> sbRes = new LinkedHashSet<>();
        Set<Integer> unMinors = new LinkedHashSet<>();
        Set<String> unRes = new LinkedHashSet<>();
        if (text != null) {
            for (String line : Lines.of(text).lines()) {
                boolean sb = line.contains("Split-Brain detected");
                boolean un = line.contains("Unrelated data, aborting");
                if (!sb && !un) {
                    continue;
                }
                Matcher m = SUBJECT.matcher(line);
                if (!m.find()) {
                    continue;
                }
                if (m.group(1) != null) {
                    try {
                        (sb ? sbMinors : unMinors).add(Integer.parseInt(m.group(1)));
                    } catch (NumberFormatException e) {
                        // not a minor number; ignore the line
                    }
                } else {
                    (sb ? sbRes : unRes).add(m.group(2));
                }
            }
        }
        return new KernelLog(sbMinors, sbRes, unMinors, unRes);
    }
}
