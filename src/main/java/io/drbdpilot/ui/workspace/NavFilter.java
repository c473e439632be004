// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

/**
 * What the navigator is narrowed to: a text that a node's or a resource's name contains (case ignored), problems only,
 * and the cluster map's scope of one cluster. Matching allocates nothing: at 200 nodes × 1000 resources a filter
 * looks at 200,000 names per keystroke.
 *
 * @param text  the text, stripped; empty for none
 * @param scope the map's scope, or null (a scope of another cluster is null here)
 */
record NavFilter(String text, boolean problems, WorkspaceViewModel.Scope scope) {

    static NavFilter of(String text, boolean problems, WorkspaceViewModel.Scope scope, String cluster) {
        return new NavFilter(text == null ? "" : text.strip(), problems,
                scope != null && scope.cluster().equals(cluster) ? scope : null);
    }

    /** Whether anything narrows the list. */
    boolean narrows() {
        return !text.isEmpty() || problems || scope != null;
    }

    /** Whether the name contains the text, case ignored (true for no text). */
    boolean named(String name) {
        int n = text.length();
        if (n == 0) {
            return true;
        }
        char lower = Character.toLowerCase(text.charAt(0));
        char upper = Character.toUpperCase(text.charAt(0));
        for (int i = 0, last = name.length() - n; i <= last; i++) {
            char c = name.charAt(i);
            if ((c == lower || c == upper) && name.regionMatches(true, i, text, 0, n)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every name this filter's text matches, {@code narrower}'s matches too (its text holds this one's). */
    boolean narrowedBy(String narrower) {
        return narrower.toLowerCase(java.util.Locale.ROOT).contains(text.toLowerCase(java.util.Locale.ROOT));
    }
}
