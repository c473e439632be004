// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.ui.wizard.MigrationWizard;
import io.drbdpilot.ui.wizard.SplitBrainWizard;
import io.drbdpilot.ui.wizard.SwitchoverWizard;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.stage.Stage;

/** The wizards that move the Primary role (switchover, migration) or settle who has it (split brain). */
final class RoleWizards {

    private final Supplier<Stage> stage;
    private final WorkspaceViewModel workspace;
    private final Supplier<Path> audit;
    private final Function<String, Optional<ClusterEntry>> cluster;

    RoleWizards(Supplier<Stage> stage, WorkspaceViewModel workspace, Supplier<Path> audit,
            Function<String, Optional<ClusterEntry>> cluster) {
        this.stage = stage;
        this.workspace = workspace;
        this.audit = audit;
        this.cluster = cluster;
    }

    SwitchoverWizard switchover() {
        WorkspaceViewModel.Selection sel = workspace.selectionProperty().get();
        Optional<ClusterEntry> entry = cluster.apply("the switchover needs its nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        SwitchoverWizard w = new SwitchoverWizard(stage.get(), entry.get(), workspace.tasks(),
                sel == null ? null : sel.resource(), audit.get());
        w.show();
        return w;
    }

    SplitBrainWizard splitBrain(String resource) {
        Optional<ClusterEntry> entry = cluster.apply("resolving a split brain needs its nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        SplitBrainWizard w = new SplitBrainWizard(stage.get(), entry.get(), workspace.tasks(), resource, audit.get());
        w.show();
        return w;
    }

    MigrationWizard migration(String workload) {
        WorkspaceViewModel.Selection sel = workspace.selectionProperty().get();
        Optional<ClusterEntry> entry = cluster.apply("the migration needs its nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        MigrationWizard w = new MigrationWizard(stage.get(), entry.get(), workspace.tasks(),
                sel == null ? null : sel.node(), workload != null ? workload : sel == null ? null : sel.resource(),
                audit.get());
        w.show();
        return w;
    }
}
