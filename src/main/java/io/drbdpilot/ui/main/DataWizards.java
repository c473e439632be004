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
import java.util.Optional;

/**
 * The wizards of the data and configuration operations (verify, resync control, replace a failed disk, adjust), on the
 * selected resource.
 */
final class DataWizards {

    private final WizardHost host;

    DataWizards(WizardHost host) {
        this.host = host;
    }

    private String selectedResource() {
        WorkspaceViewModel.Selection sel = host.workspace().selectionProperty().get();
        return sel == null ? null : sel.resource();
    }

    VerifyWizard verify() {
        Optional<ClusterEntry> entry = host.cluster().apply("a verify needs its nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        VerifyWizard w = new VerifyWizard(host.stage().get(), entry.get(), host.workspace().tasks(), selectedResource(),
                host.audit().get(), host.audit().get().resolveSibling("verify-history.jsonl"));
        w.show();
        return w;
    }

    /** @param kind what to do first (pause, resume, rate, reset), or null */
    ResyncWizard resync(String resource, ResyncChecks.Kind kind) {
        Optional<ClusterEntry> entry = host.cluster().apply("controlling a resync needs its nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        ResyncWizard w = new ResyncWizard(host.stage().get(), entry.get(),
                host.workspace().tasks(), resource != null ? resource
                : selectedResource(), host.audit().get(), kind);
        w.show();
        return w;
    }

    ReplaceDiskWizard replaceDisk() {
        Optional<ClusterEntry> entry = host.cluster().apply("replacing a disk needs the nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        ReplaceDiskWizard w = new ReplaceDiskWizard(host.stage().get(), entry.get(),
                host.workspace().tasks(), selectedResource(),
                host.audit().get());
        w.show();
        return w;
    }

    ForceSecondaryWizard forceSecondary() {
        Optional<ClusterEntry> entry = host.cluster().apply("recovering a Primary needs the nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        ForceSecondaryWizard w = new ForceSecondaryWizard(host.stage().get(), entry.get(), host.workspace().tasks(),
                selectedResource(), host.audit().get());
        w.show();
        return w;
    }

    EvictWizard evict() {
        Optional<ClusterEntry> entry = host.cluster().apply("a move through drbd-reactor needs the nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        EvictWizard w = new EvictWizard(host.stage().get(), entry.get(),
                host.workspace().tasks(), selectedResource(), host.audit().get());
        w.show();
        return w;
    }

    ResizeWizard resize() {
        Optional<ClusterEntry> entry = host.cluster().apply("a resize needs the nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        ResizeWizard w = new ResizeWizard(host.stage().get(), entry.get(), host.workspace().tasks(), selectedResource(),
                host.audit().get());
        w.show();
        return w;
    }

    AdjustWizard adjust() {
        Optional<ClusterEntry> entry = host.cluster().apply("an adjust needs the nodes.");
        if (entry.isEmpty()) {
            return null;
        }
        AdjustWizard w = new AdjustWizard(host.stage().get(), entry.get(), host.workspace().tasks(), selectedResource(),
                host.audit().get());
        w.show();
        return w;
    }
}
