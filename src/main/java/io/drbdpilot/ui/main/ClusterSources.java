// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.ui.connect.ConnectionsDialog;
import io.drbdpilot.ui.connect.ConnectionsViewModel;
import io.drbdpilot.ui.workspace.Demo;
import io.drbdpilot.ui.workspace.DemoMenu;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.util.List;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.stage.Stage;

/**
 * Where the main window's clusters come from: the configured ones, the demo while none is configured, the connection
 * manager's changes, and a reconnect. Runs on the UI thread.
 */
final class ClusterSources {

    private final MainViewModel vm;
    private final WorkspaceViewModel workspace;
    private final NodeLinks links;
    private Demo demo;
    private Menu demoMenu;
    private MenuBar bar;
    private CommandsPanel commands;
    private Supplier<Stage> owner;

    /**
     * @param links the way to the configured clusters' nodes (with the GUI's prompts); null for none
     * @param demo  the built-in demo cluster, shown while no real cluster is configured; null for none (yet)
     */
    ClusterSources(MainViewModel vm, WorkspaceViewModel workspace, NodeLinks links, Demo demo) {
        this.vm = vm;
        this.workspace = workspace;
        this.links = links;
        this.demo = demo;
    }

    /**
     * Opens the configured clusters, and the demo when there is none (its menu goes into {@code bar}); the command
     * log shows what runs on their nodes.
     */
    void openAtStart(MenuBar bar, CommandsPanel commands, Supplier<Stage> owner) {
        this.bar = bar;
        this.commands = commands;
        this.owner = owner;
        commands.watch(links == null ? null : links.journal());
        if (links != null) {
            for (ClusterSettings c : vm.clusters()) {
                workspace.open(c, links, false);
            }
            if (!vm.clusters().isEmpty()) {
                vm.setStatus("Connecting to " + vm.clusters().size() + " cluster"
                        + (vm.clusters().size() == 1 ? "" : "s") + "…");
            }
        }
        if (workspace.clusters().isEmpty() && demo != null) {
            openDemo();
        }
    }

    /** The demo, arrived after the window was built: kept (and opened when no cluster is configured) or closed. */
    void attachDemo(Demo d) {
        if (demo != null) {
            d.close();
            return;
        }
        demo = d;
        if (workspace.clusters().isEmpty() && bar != null) {
            openDemo();
        }
    }

    /** Closes the demo's servers, if any (the window has closed). */
    void closeDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    private void openDemo() {
        commands.watch(demo.links().journal());
        workspace.open(demo.settings(), demo.links(), true);
        demoMenu = DemoMenu.create(demo, workspace.tasks(), vm::setStatus);
        bar.getMenus().add(2, demoMenu);
        vm.setStatus("Demo cluster: simulated nodes, nothing here is real. Faults are in the Demo menu; "
                + "File → Connections adds your own clusters.");
    }

    /** The connection manager; saving reopens what changed and retires the demo once real clusters exist. */
    void openConnections(boolean startImport) {
        if (links == null) {
            vm.setStatus("No SSH configuration in this window.");
            return;
        }
        ConnectionsViewModel cvm = new ConnectionsViewModel(vm.clusters(), links, workspace.tasks());
        ConnectionsDialog d = new ConnectionsDialog(owner.get(), cvm, this::applyConnections);
        d.stage().setOnHidden(e -> cvm.close());
        d.show();
        if (startImport) {
            Platform.runLater(d::importDialog); // once the manager is on screen
        }
    }

    private void applyConnections(List<ClusterSettings> next) {
        List<ClusterSettings> before = vm.clusters();
        vm.saveClusters(next);
        for (ClusterSettings old : before) {
            if (!next.contains(old)) {
                workspace.close(old.name());
            }
        }
        for (ClusterSettings c : next) {
            if (!before.contains(c) || workspace.find(c.name()).isEmpty()) {
                workspace.open(c, links, false);
            }
        }
        if (!next.isEmpty() && demo != null && workspace.find(demo.settings().name()).isPresent()) {
            workspace.close(demo.settings().name());
            if (demoMenu != null) {
                demoMenu.setVisible(false);
            }
        }
        vm.setStatus("Saved " + next.size() + " cluster" + (next.size() == 1 ? "" : "s") + ".");
    }

    /** Closes and reopens the selected cluster (new sessions, fresh state). */
    void reconnect() {
        WorkspaceViewModel.Selection sel = workspace.selectionProperty().get();
        String name = sel != null ? sel.cluster() : workspace.clusters().isEmpty() ? null
                : workspace.clusters().get(0).name();
        workspace.find(name).ifPresent(e -> {
            NodeLinks f = e.simulated() && demo != null ? demo.links() : links;
            workspace.open(e.settings(), f, e.simulated());
            vm.setStatus("Reconnecting to " + name + "…");
        });
    }
}
