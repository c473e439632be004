// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.model.ResourceState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node's resource names in lower case, joined by line ends, so the ones that hold a text are found with
 * {@code indexOf} (the JDK's vectorised search) instead of a loop over a thousand names: a filter typed into the window
 * of 200 nodes looks at 200 of these, not at 200,000 names. Built with the overview's digest, off the UI thread, and
 * kept while the node's view is the same. Names that are not ASCII (which DRBD does not allow) leave it unusable, and
 * the caller looks name by name.
 */
public final class ResourceNames {

    private final List<ResourceState> resources;
    /** The lower-case names, each followed by a line end; null when a name is not plain ASCII. */
    private final String joined;
    /** Where each name starts in {@link #joined}. */
    private final int[] starts;

    private ResourceNames(List<ResourceState> resources, String joined, int[] starts) {
        this.resources = resources;
        this.joined = joined;
        this.starts = starts;
    }

    static ResourceNames of(List<ResourceState> resources) {
        int[] starts = new int[resources.size()];
        StringBuilder b = new StringBuilder(resources.size() * 8);
        for (int i = 0; i < resources.size(); i++) {
            String name = resources.get(i).name();
            starts[i] = b.length();
            for (int k = 0; k < name.length(); k++) {
                char c = name.charAt(k);
                if (c >= 0x80 || c == '\n') {
                    return new ResourceNames(resources, null, null);
                }
                b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            }
            b.append('\n');
        }
        return new ResourceNames(resources, b.toString(), starts);
    }

    /**
     * The resources whose name holds {@code text}, case ignored, in the node's order; null when this index cannot say
     * (a name or the text is not plain ASCII, or the text is empty).
     */
    public List<ResourceState> holding(String text) {
        if (joined == null || text.isEmpty()) {
            return null;
        }
        char[] lower = new char[text.length()];
        for (int k = 0; k < lower.length; k++) {
            char c = text.charAt(k);
            if (c >= 0x80 || c == '\n') {
                return null;
            }
            lower[k] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        String wanted = new String(lower);
        List<ResourceState> out = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = joined.indexOf(wanted, from)) >= 0) {
            int i = Arrays.binarySearch(starts, at);
            if (i < 0) {
                i = -i - 2; // the name that starts before the match holds it (a match never spans a line end)
            }
            out.add(resources.get(i));
            from = i + 1 < starts.length ? starts[i + 1] : joined.length();
        }
        return out;
    }
}
