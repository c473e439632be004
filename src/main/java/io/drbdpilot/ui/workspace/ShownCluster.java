// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;

/**
 * The cluster a view shows: the selected one (the first open one when nothing is selected), followed as the selection
 * and the open clusters change. {@code changed} runs when another cluster is shown and after each of its updates (its
 * matrix is set last in each update).
 */
final class ShownCluster {

    private final WorkspaceViewModel vm;
    private final Runnable changed;
    private final InvalidationListener updated;
    private ClusterEntry shown;

    ShownCluster(WorkspaceViewModel vm, Runnable changed) {
        this.vm = vm;
        this.changed = changed;
        this.updated = o -> changed.run();
        vm.selectionProperty().addListener(o -> follow());
        vm.clusters().addListener((ListChangeListener<ClusterEntry>) c -> follow());
    }

    /** Starts following; runs {@code changed} once. */
    void start() {
        follow();
        changed.run();
    }

    /** The cluster shown, or null. */
    ClusterEntry get() {
        return shown;
    }

    private void follow() {
        WorkspaceViewModel.Selection sel = vm.selectionProperty().get();
        ClusterEntry e = sel != null ? vm.find(sel.cluster()).orElse(null)
                : vm.clusters().isEmpty() ? null : vm.clusters().get(0);
        if (e == shown) {
            return;
        }
        if (shown != null) {
            shown.matrixProperty().removeListener(updated);
        }
        shown = e;
        if (e != null) {
            e.matrixProperty().addListener(updated);
        }
        changed.run();
    }
}
