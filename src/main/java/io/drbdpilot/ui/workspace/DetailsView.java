package io.drbdpilot.ui.workspace;

import io.drbdpilot.ops.resync.ResyncChecks;
import io.drbdpilot.cluster.ClusterFinding;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.cluster.TimeText;
import io.drbdpilot.cluster.ResourceTopology;
import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.FindingKind;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.StateWords;
import io.drbdpilot.drbd.model.StateGlossary;
import io.drbdpilot.ui.diagram.ResourceDiagram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The selected cluster, node or resource: the diagram (for a resource), every node's view in one table (so
 * disagreements are visible side by side), the findings with their next steps, whether each node could be promoted
 * and why not, and each node's raw output. Table values carry a tooltip that explains the state, and rows copy with
 * Ctrl+C.
 */
public final class DetailsView {

    /** One node's view of one resource towards one peer. */
    public record Row(String node, String resource, String volume, String role, String disk, String peer,
            String connection, String replication, String peerRole, String peerDisk, String outOfSync,
            Double progress) {
        String tsv() {
            return String.join("\t", node, resource, volume, role, disk, peer, connection, replication, peerRole,
                    peerDisk, outOfSync, progress == null ? "" : String.format(Locale.ROOT, "%.1f%%", progress * 100));
        }
    }

    private final WorkspaceViewModel vm;
    private final VBox root = new VBox(8);
    private final Label title = new Label();
    private final Label tag = new Label("SIMULATED");
    private final Label subtitle = new Label();
    private final TableView<Row> table = new TableView<>();
    private final ListView<Finding> findings = new ListView<>();
    private final ResourceDiagram diagram = new ResourceDiagram();
    private final PromotionPanel promotion = new PromotionPanel();
    private final ResyncPanel resync = new ResyncPanel();
    private final RawPanel raw;
    private final TabPane tabs = new TabPane();
    private final Tab promotionTab = new Tab("Can it be promoted?", promotion.node());
    private final Tab rawTab;
    private final WorkloadsPanel workloads;
    private final Tab workloadsTab;
    private final Tab findingsTab;
    private ClusterEntry watched;
    private Consumer<String> onResolveSplitBrain = r -> { };
    private boolean active = true;
    /** Something changed while the tab was hidden. */
    private boolean stale;
    private final InvalidationListener refresh = o -> refresh();

    public DetailsView(WorkspaceViewModel vm) {
        raw = new RawPanel(vm.tasks());
        rawTab = new Tab("Raw", raw.node());
        workloads = new WorkloadsPanel(vm.tasks());
        workloadsTab = new Tab("VMs and services", workloads.node());
        this.vm = vm;
        root.setPadding(new Insets(12, 16, 12, 16));
        root.setId("details");
        title.getStyleClass().add("details-title");
        title.setId("details-title");
        tag.getStyleClass().add("simulated-tag");
        HBox head = new HBox(10, title, tag);
        head.setAlignment(Pos.CENTER_LEFT);
        subtitle.getStyleClass().add("text-muted");
        subtitle.setWrapText(true);
        table.setId("details-table");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getColumns().addAll(List.of(col("Node", Row::node, 80, false), col("Resource", Row::resource, 80, false),
                col("Vol", Row::volume, 40, false), col("Role", Row::role, 90, true), col("Disk", Row::disk, 100, true),
                col("Peer", Row::peer, 80, false), col("Connection", Row::connection, 110, true),
                col("Replication", Row::replication, 100, true), col("Peer role", Row::peerRole, 90, true),
                col("Peer disk", Row::peerDisk, 100, true), col("Out of sync", Row::outOfSync, 90, false),
                progressColumn()));
        table.setPlaceholder(new Label("Nothing to show for this selection."));
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        MenuItem copy = new MenuItem("Copy rows");
        copy.setAccelerator(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN));
        copy.setOnAction(e -> copyRows());
        table.setContextMenu(new ContextMenu(copy));
        table.setOnKeyPressed(e -> {
            if (copy.getAccelerator().match(e)) {
                copyRows();
            }
        });
        findings.setId("details-findings");
        findings.setPlaceholder(new Label("No findings: healthy."));
        findings.setCellFactory(l -> new FindingCell(l));
        // a split brain is resolved from its finding: double-click or Enter opens the assistant
        findings.setOnMouseClicked(e -> resolve(e.getClickCount() == 2));
        findings.setOnKeyPressed(e -> resolve(e.getCode() == KeyCode.ENTER));
        findingsTab = new Tab("Findings", findings);
        Tab nodesTab = new Tab("Nodes", table);
        workloadsTab.setId("tab-workloads");
        tabs.getTabs().addAll(nodesTab, findingsTab, promotionTab, new Tab("Resync", resync.node()), rawTab,
                workloadsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("details-tabs");
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
            if (is == rawTab && raw.text().getText().startsWith("Press")) {
                raw.read();
            }
            workloads.setShown(is == workloadsTab);
        });
        VBox.setVgrow(tabs, Priority.ALWAYS);
        diagram.setVisible(false);
        diagram.setManaged(false);
        root.getChildren().addAll(head, subtitle, diagram, tabs);
        vm.selectionProperty().addListener(o -> reselect());
        reselect();
    }

    /** The VMs and services on DRBD of the selection. */
    public WorkloadsPanel workloads() {
        return workloads;
    }

    /** What resolving a split-brain finding does (the split-brain wizard on its resource). */
    /** What the resync panel's buttons open (the resync wizard on the resource, with the action chosen). */
    public void setOnResyncAction(BiConsumer<String, ResyncChecks.Kind> action) {
        resync.setOnAction(action);
    }

    public void setOnResolveSplitBrain(Consumer<String> action) {
        onResolveSplitBrain = action;
    }

    private void resolve(boolean asked) {
        Finding f = findings.getSelectionModel().getSelectedItem();
        if (asked && f != null && f.kind() == FindingKind.SPLIT_BRAIN && f.resource() != null) {
            onResolveSplitBrain.accept(f.resource());
        }
    }

    public ResourceDiagram diagram() {
        return diagram;
    }

    public Node node() {
        return root;
    }

    TabPane tabs() {
        return tabs;
    }

    private void reselect() {
        WorkspaceViewModel.Selection sel = vm.selectionProperty().get();
        ClusterEntry e = sel == null ? null : vm.find(sel.cluster()).orElse(null);
        if (e != watched) {
            if (watched != null) {
                watched.snapshotProperty().removeListener(refresh);
            }
            watched = e;
            if (e != null) {
                e.snapshotProperty().addListener(refresh);
            }
        }
        raw.select(e == null ? null : e.monitor(), sel == null ? null : sel.resource());
        workloads.select(e, sel == null ? null : sel.node(), sel == null ? null : sel.resource());
        refresh();
    }

    private void copyRows() {
        StringBuilder sb = new StringBuilder();
        for (Row r : table.getSelectionModel().getSelectedItems()) {
            sb.append(r.tsv()).append('\n');
        }
        if (!sb.isEmpty()) {
            ClipboardContent c = new ClipboardContent();
            c.putString(sb.toString());
            Clipboard.getSystemClipboard().setContent(c);
        }
    }

    /** Only the shown tab follows every snapshot; a hidden one catches up when it is shown again. */
    public void setActive(boolean on) {
        active = on;
        if (on && stale) {
            refresh();
        }
    }

    /** Shows the current selection from the latest snapshot; FX thread. */
    private void refresh() {
        if (!active) {
            stale = true;
            return;
        }
        stale = false;
        WorkspaceViewModel.Selection sel = vm.selectionProperty().get();
        ClusterSnapshot s = watched == null ? null : watched.snapshotProperty().get();
        tag.setVisible(watched != null && watched.simulated());
        if (sel == null || s == null) {
            title.setText("Nothing selected");
            subtitle.setText("Pick a cluster, node or resource on the left.");
            table.getItems().clear();
            findings.getItems().clear();
            diagram.setVisible(false);
            diagram.setManaged(false);
            promotion.show(null, null);
            return;
        }
        String res = sel.resource();
        String onlyNode = res == null ? sel.node() : null;
        title.setText(res != null ? "Resource " + res : onlyNode != null ? "Node " + onlyNode : sel.cluster());
        subtitle.setText(res != null ? "Every node's view of " + res + ", side by side."
                : onlyNode != null ? nodeLine(s, onlyNode)
                : s.nodes().size() + " nodes. Select a resource for its diagram; the Overview tab shows every "
                        + "resource at once." + (watched.simulated() ? " Inject faults from the Demo menu." : ""));
        List<Row> rows = new ArrayList<>();
        List<Finding> fs = new ArrayList<>();
        boolean big = res == null && onlyNode == null;
        for (NodeView n : s.nodes()) {
            if (onlyNode != null && !onlyNode.equals(n.node())) {
                continue;
            }
            if (n.freshness() == NodeView.Freshness.STALE && n.resources().isEmpty()) {
                rows.add(new Row(n.node(), res == null ? "-" : res, "", "unreachable", "", "", "", "", "", "", "",
                        null));
            }
            if (res != null) {
                n.resource(res).ifPresent(r -> rows.addAll(rows(n, r)));
            } else if (!big || rows.size() < 2000) {
                n.resources().forEach(r -> rows.addAll(rows(n, r)));
            }
        }
        for (ClusterFinding cf : s.findings()) {
            Finding f = cf.finding();
            if ((res == null || res.equals(f.resource())) && (onlyNode == null || onlyNode.equals(cf.node()))) {
                fs.add(new Finding(f.severity(), f.kind(), (cf.node() == null ? "" : cf.node() + ": ") + f.resource(),
                        f.volume(), f.peer(), f.explanation(), f.nextStep()));
            }
        }
        boolean showDiagram = res != null;
        diagram.setVisible(showDiagram);
        diagram.setManaged(showDiagram);
        if (showDiagram) {
            diagram.show(ResourceTopology.of(res, s));
        }
        table.getItems().setAll(rows);
        fs.sort((a, b) -> b.severity().compareTo(a.severity()));
        findings.getItems().setAll(fs);
        long serious = fs.stream().filter(f -> f.severity() != Severity.INFO).count();
        findingsTab.setText(serious == 0 ? "Findings" : "Findings (" + serious + ")");
        promotionTab.setDisable(res == null);
        rawTab.setDisable(res == null);
        if (res == null && (tabs.getSelectionModel().getSelectedItem() == promotionTab
                || tabs.getSelectionModel().getSelectedItem() == rawTab)) {
            tabs.getSelectionModel().select(0);
        }
        promotion.show(s, res);
        resync.show(s, res);
    }

    private static String nodeLine(ClusterSnapshot s, String node) {
        return s.node(node).map(v -> v.freshness() == NodeView.Freshness.STALE
                ? "Unreachable since " + TimeText.at(v.since()) + ": " + v.reason() + ". The last known state is shown."
                : "DRBD " + (v.kernel() == null ? "?" : v.kernel().version()) + ", utils " + (v.utils() == null ? "?"
                        : v.utils().utilsVersion())
                        + (v.readMode() == null ? "" : ", read by " + v.readMode().label()) + ". Its resources and its view "
                        + "of every peer.").orElse("");
    }

    /** One row per volume and peer, in the node's own words (8.4: WFConnection, the peer's host name). */
    private static List<Row> rows(NodeView n, ResourceState r) {
        List<Row> out = new ArrayList<>();
        boolean v84 = StateWords.speaks84(n.kernel());
        List<String> hosts = n.config() == null ? List.of() : n.config().resource(r.name())
                .map(rc -> rc.hosts().stream().map(h -> h.name()).toList()).orElse(List.of());
        String self = n.drbdHost() != null ? n.drbdHost() : n.node();
        for (DeviceState d : r.devices()) {
            for (ConnectionState c : r.connections()) {
                PeerDeviceState p = c.peerDevice(d.volume()).orElse(null);
                Double progress = p == null || p.resync() == null || p.resync().percent() == null ? null
                        : p.resync().percent() / 100.0;
                out.add(new Row(n.node(), r.name(), Integer.toString(d.volume()), r.role().raw(), d.disk().raw(),
                        StateWords.peerName(c, self, hosts), StateWords.connection(c, v84),
                        StateWords.replication(p, v84), c.peerRole().raw(),
                        p == null ? "" : p.peerDisk().raw(),
                        p == null || p.outOfSyncKiB() == null ? "" : human(p.outOfSyncKiB()), progress));
            }
        }
        return out;
    }

    static String human(long kib) {
        if (kib < 1024) {
            return kib + " KiB";
        }
        return kib < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0)
                : String.format(Locale.ROOT, "%.2f GiB", kib / 1048576.0);
    }

    private static TableColumn<Row, String> col(String name, Function<Row, String> f, double width,
            boolean explained) {
        TableColumn<Row, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        if (explained) {
            c.setCellFactory(column -> new TableCell<>() {
                @Override
                protected void updateItem(String v, boolean empty) {
                    super.updateItem(v, empty);
                    setText(empty ? null : v);
                    setTooltip(empty ? null : StateGlossary.explain(v).map(Tooltip::new).orElse(null));
                }
            });
        }
        return c;
    }

    private static TableColumn<Row, Double> progressColumn() {
        TableColumn<Row, Double> c = new TableColumn<>("Resync");
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().progress()));
        c.setCellFactory(col -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            private final Label pct = new Label();
            private final HBox box = new HBox(6, bar, pct);

            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                if (empty || v == null) {
                    setGraphic(null);
                } else {
                    bar.setProgress(v);
                    bar.setPrefWidth(90);
                    pct.setText(String.format(Locale.ROOT, "%.1f%%", v * 100));
                    setGraphic(box);
                }
            }
        });
        c.setMinWidth(150);
        return c;
    }
}
