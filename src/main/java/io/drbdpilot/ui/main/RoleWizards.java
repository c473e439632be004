// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.ui.wizard.MigrationWizard;
import io.drbdpilot.ui.wizard.SplitBrainWizard;
import io.drbdpilot.ui.wizard.SwitchoverWizard;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.util.Optional;

/** The wizards that move the Primary role (switchover, migration) or settle who has it (split brain). */
final class RoleWizards {

    private final WizardHost host;

    RoleWizards(WizardHost host) {
        this.host = host;
    }

    SwitchoverWizard switchover() {
        WorkspaceViewModel.Selection sel = host.workspace().selectionProperty().get();
        Optional<ClusterEntry> entry = host.cluster().apply("the switchover needs its nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        SwitchoverWizard w = new SwitchoverWizard(host.stage().get(), entry.get(), host.workspace().tasks(),
                sel == null ? null : sel.resource(), host.audit().get());
        w.show();
        return w;
    }

    SplitBrainWizard splitBrain(String resource) {
        Optional<ClusterEntry> entry = host.cluster().apply("resolving a split brain needs its nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        SplitBrainWizard w = new SplitBrainWizard(host.stage().get(), entry.get(),
                host.workspace().tasks(), resource, host.audit().get());
        w.show();
        return w;
    }

    MigrationWizard migration(String workload) {
        WorkspaceViewModel.Selection sel = host.workspace().selectionProperty().get();
        Optional<ClusterEntry> entry = host.cluster().apply("the migration needs its nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        MigrationWizard w = new MigrationWizard(host.stage().get(), entry.get(), host.workspace().tasks(),
                sel == null ? null : sel.node(), workload != null ? workload : sel == null ? null : sel.resource(),
                host.audit().get());
        w.show();
        return w;
    }
}
