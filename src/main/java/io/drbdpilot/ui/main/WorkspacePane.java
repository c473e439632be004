// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.cluster.AlertGate;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.cluster.ClusterMap;
import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.ClusterMapView;
import io.drbdpilot.ui.workspace.DetailsView;
import io.drbdpilot.ui.workspace.NavigatorView;
import io.drbdpilot.ui.workspace.OverviewView;
import io.drbdpilot.ui.workspace.TimelineView;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * The window's centre: the navigator on the left and, on the right, the cluster map (a cluster's landing page), the
 * selected item's details, the overview heat map and the timeline as tabs. With no cluster open it shows the welcome page. It also turns the workspace's alerts
 * into desktop notifications.
 */
public final class WorkspacePane {

    /** The tabs, in order. */
    static final int MAP = 0;
    static final int DETAILS = 1;
    static final int OVERVIEW = 2;
    static final int TIMELINE = 3;

    private final WorkspaceViewModel ws;
    private final MainViewModel vm;
    private final NavigatorView navigator;
    private final DetailsView details;
    private final OverviewView overview;
    private final ClusterMapView map;
    private final TimelineView timeline;
    private final TabPane tabs = new TabPane();
    private final SplitPane split;
    private final StackPane root;
    private int notificationsShown;

    public WorkspacePane(WorkspaceViewModel ws, MainViewModel vm, List<Image> icons, Consumer<Boolean> connections) {
        this.ws = ws;
        this.vm = vm;
        navigator = new NavigatorView(ws);
        details = new DetailsView(ws);
        overview = new OverviewView(ws, () -> tabs.getSelectionModel().select(DETAILS));
        map = new ClusterMapView(ws);
        Tab m = new Tab("Map", map.node());
        m.setId("tab-map");
        timeline = new TimelineView(ws, vm::setStatus);
        Tab d = new Tab("Details", details.node());
        d.setId("tab-details");
        Tab o = new Tab("Overview", overview.node());
        o.setId("tab-overview");
        Tab t = new Tab("Timeline", timeline.node());
        t.setId("tab-timeline");
        tabs.getTabs().addAll(m, d, o, t);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("workspace-tabs");
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, was, is) -> {
            details.setActive(is == d);
            overview.setActive(is == o);
            map.setActive(is == m);
        });
        overview.setActive(false);
        details.setActive(false);
        // A cluster lands on its map (on the heat map above ClusterMap.MAX_NODES nodes); a node or a resource picked
        // while the map is shown opens its details.
        ws.selectionProperty().addListener((obs, was, is) -> land(was, is));
        Node welcome = new WelcomeView(icons, connections).node();
        split = new SplitPane(navigator.node(), tabs);
        split.setDividerPositions(0.24);
        root = new StackPane(welcome, split);
        root.setAlignment(Pos.CENTER);
        split.visibleProperty().bind(Bindings.isNotEmpty(ws.clusters()));
        welcome.visibleProperty().bind(Bindings.isEmpty(ws.clusters()));
        ws.clusters().addListener((ListChangeListener<ClusterEntry>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(e -> e.statusTextProperty().addListener((obs, was, is) -> {
                    if (!was.equals(is)) {
                        vm.setStatus(e.name() + ": " + is);
                    }
                }));
            }
            if (ws.selectionProperty().get() == null && !ws.clusters().isEmpty()) {
                ws.selectionProperty().set(new WorkspaceViewModel.Selection(ws.clusters().get(0).name(), null, null));
            }
        });
    }

    public Node node() {
        return root;
    }

    /** The tab a selection lands on. */
    private void land(WorkspaceViewModel.Selection was, WorkspaceViewModel.Selection is) {
        if (is == null) {
            return;
        }
        int now = tabs.getSelectionModel().getSelectedIndex();
        if (is.node() == null && is.resource() == null) {
            boolean newCluster = was == null || !was.cluster().equals(is.cluster());
            if (newCluster || now == DETAILS) {
                int nodes = ws.find(is.cluster()).map(e -> e.snapshotProperty().get()).map(s -> s.nodes().size())
                        .orElse(0);
                tabs.getSelectionModel().select(nodes > ClusterMap.MAX_NODES ? OVERVIEW : MAP);
            }
        } else if (now == MAP) {
            tabs.getSelectionModel().select(DETAILS);
        }
    }

    public ClusterMapView map() {
        return map;
    }

    public NavigatorView navigator() {
        return navigator;
    }

    public DetailsView details() {
        return details;
    }

    public OverviewView overview() {
        return overview;
    }

    public TimelineView timeline() {
        return timeline;
    }

    public TabPane tabs() {
        return tabs;
    }

    void redraw() {
        overview.redraw();
    }

    void showTab(int index) {
        tabs.getSelectionModel().select(index);
    }

    void focusFilter() {
        navigator.filterField().requestFocus();
        navigator.filterField().selectAll();
    }

    /** Desktop notifications for the workspace's alerts; clicking one opens its resource. */
    void attachNotifications(Stage owner) {
        ws.alerts().addListener((ListChangeListener<AlertGate.Alert>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(a -> notify(owner, a));
            }
        });
    }

    private void notify(Stage owner, AlertGate.Alert a) {
        notificationsShown++;
        vm.setStatus(a.title() + " — " + a.text());
        Notifications n = Notifications.create().title(a.title()).text(a.text()).owner(owner)
                .hideAfter(Duration.seconds(8)).position(Pos.BOTTOM_RIGHT)
                .onAction(e -> ws.selectionProperty().set(new WorkspaceViewModel.Selection(a.cluster(), null,
                        a.resources().get(0))));
        if (a.kind() == AlertGate.Kind.RECOVERED) {
            n.showInformation();
        } else if (a.severity() == Severity.DANGER) {
            n.showError();
        } else {
            n.showWarning();
        }
    }

    /** How many desktop notifications were shown (tests). */
    public int notificationsShown() {
        return notificationsShown;
    }

    void exportDiagram(Stage owner) {
        WorkspaceViewModel.Selection sel = ws.selectionProperty().get();
        if (sel == null || sel.resource() == null || details.diagram().topology() == null) {
            vm.setStatus("Select a resource first: its diagram is what gets exported.");
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the diagram of " + sel.resource());
        fc.setInitialFileName(sel.resource() + ".png");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File f = fc.showSaveDialog(owner);
        if (f != null) {
            try {
                details.diagram().exportPng(f.toPath());
                vm.setStatus("Saved the diagram of " + sel.resource() + " to " + f);
            } catch (IOException e) {
                vm.setStatus("Could not save " + f + ": " + e.getMessage() + ". Pick a folder you can write to.");
            }
        }
    }

    void toggleProblems() {
        ws.problemsOnlyProperty().set(!ws.problemsOnlyProperty().get());
    }
}
