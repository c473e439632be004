// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.util.List;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;

/** The navigator's context menu: the operations on the selected resource or node. */
final class NavigatorMenu {

    private NavigatorMenu() {
    }

    /** The navigator's menu: switch over a resource; migrate what runs on a node or a resource. */
    static ContextMenu of(MainWindow w, WorkspaceViewModel workspace) {
        MenuItem sw = new MenuItem("Switch over this resource…");
        sw.setId("nav-switchover");
        sw.setOnAction(e -> w.openSwitchover());
        MenuItem mg = new MenuItem("Migrate a VM or service…");
        mg.setId("nav-migrate");
        mg.setOnAction(e -> w.openMigration(null));
        MenuItem sb = new MenuItem("Resolve a split brain of this resource…");
        sb.setId("nav-splitbrain");
        sb.setOnAction(e -> w.openSplitBrain());
        MenuItem vf = new MenuItem("Verify the data of this resource…");
        vf.setId("nav-verify");
        vf.setOnAction(e -> w.openVerify());
        MenuItem rs = new MenuItem("Control the resync of this resource…");
        rs.setId("nav-resync");
        rs.setOnAction(e -> w.openResync(null, null));
        MenuItem rd = new MenuItem("Replace a failed disk of this resource…");
        rd.setId("nav-replace-disk");
        rd.setOnAction(e -> w.openReplaceDisk());
        MenuItem ad = new MenuItem("Apply the configuration of this resource (adjust)…");
        ad.setId("nav-adjust");
        ad.setOnAction(e -> w.openAdjust());
        MenuItem gr = new MenuItem("Grow this resource (resize)…");
        gr.setId("nav-resize");
        gr.setOnAction(e -> w.openResize());
        MenuItem ev = new MenuItem("Move this resource with drbd-reactor (evict)…");
        ev.setId("nav-evict");
        ev.setOnAction(e -> w.openEvict());
        MenuItem fq = new MenuItem("Recover this resource's Primary that lost quorum…");
        fq.setId("nav-force-secondary");
        fq.setOnAction(e -> w.openForceSecondary());
        ContextMenu menu = new ContextMenu(sw, mg, sb, vf, rs, rd, ad, gr, ev, fq);
        menu.setOnShowing(e -> {
            WorkspaceViewModel.Selection sel = workspace.selectionProperty().get();
            List.of(sw, sb, vf, rs, rd, ad, gr, ev, fq).forEach(i -> i.setDisable(sel == null || sel.resource() == null));
            mg.setText(sel != null && sel.resource() != null ? "Migrate the VM or service on " + sel.resource() + "…"
                    : sel != null && sel.node() != null ? "Migrate a VM or service from " + sel.node() + "…"
                    : "Migrate a VM or service…");
        });
        return menu;
    }
}
