// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.ops.resync.ResyncChecks;
import io.drbdpilot.ui.wizard.AdjustWizard;
import io.drbdpilot.ui.wizard.EvictWizard;
import io.drbdpilot.ui.wizard.ForceSecondaryWizard;
import io.drbdpilot.ui.wizard.ReplaceDiskWizard;
import io.drbdpilot.ui.wizard.ResizeWizard;
import io.drbdpilot.ui.wizard.ResyncWizard;
import io.drbdpilot.ui.wizard.VerifyWizard;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.stage.Stage;

/**
 * The wizards of the data and configuration operations (verify, resync control, replace a failed disk, adjust), on the
 * selected resource.
 */
final class DataWizards {

    private final Supplier<Stage> stage;
    private final WorkspaceViewModel workspace;
    private final Supplier<Path> audit;
    private final Function<String, Optional<ClusterEntry>> cluster;

    DataWizards(Supplier<Stage> stage, WorkspaceViewModel workspace, Supplier<Path> audit,
            Function<String, Optional<ClusterEntry>> cluster) {
        this.stage = stage;
        this.workspace = workspace;
        this.audit = audit;
        this.cluster = cluster;
    }

    private String selectedResource() {
        WorkspaceViewModel.Selection sel = workspace.selectionProperty().get();
        return sel == null ? null : sel.resource();
    }

    VerifyWizard verify() {
        Optional<ClusterEntry> entry = cluster.apply("a verify needs its nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        VerifyWizard w = new VerifyWizard(stage.get(), entry.get(), workspace.tasks(), selectedResource(),
                audit.get(), audit.get().resolveSibling("verify-history.jsonl"));
        w.show();
        return w;
    }

    /** @param kind what to do first (pause, resume, rate, reset), or null */
    ResyncWizard resync(String resource, ResyncChecks.Kind kind) {
        Optional<ClusterEntry> entry = cluster.apply("controlling a resync needs its nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        ResyncWizard w = new ResyncWizard(stage.get(), entry.get(), workspace.tasks(), resource != null ? resource
                : selectedResource(), audit.get(), kind);
        w.show();
        return w;
    }

    ReplaceDiskWizard replaceDisk() {
        Optional<ClusterEntry> entry = cluster.apply("replacing a disk needs the nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        ReplaceDiskWizard w = new ReplaceDiskWizard(stage.get(), entry.get(), workspace.tasks(), selectedResource(),
                audit.get());
        w.show();
        return w;
    }

    ForceSecondaryWizard forceSecondary() {
        Optional<ClusterEntry> entry = cluster.apply("recovering a Primary needs the nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        ForceSecondaryWizard w = new ForceSecondaryWizard(stage.get(), entry.get(), workspace.tasks(),
                selectedResource(), audit.get());
        w.show();
        return w;
    }

    EvictWizard evict() {
        Optional<ClusterEntry> entry = cluster.apply("a move through drbd-reactor needs the nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        EvictWizard w = new EvictWizard(stage.get(), entry.get(), workspace.tasks(), selectedResource(), audit.get());
        w.show();
        return w;
    }

    ResizeWizard resize() {
        Optional<ClusterEntry> entry = cluster.apply("a resize needs the nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        ResizeWizard w = new ResizeWizard(stage.get(), entry.get(), workspace.tasks(), selectedResource(),
                audit.get());
        w.show();
        return w;
    }

    AdjustWizard adjust() {
        Optional<ClusterEntry> entry = cluster.apply("an adjust needs the nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        AdjustWizard w = new AdjustWizard(stage.get(), entry.get(), workspace.tasks(), selectedResource(),
                audit.get());
        w.show();
        return w;
    }
}
