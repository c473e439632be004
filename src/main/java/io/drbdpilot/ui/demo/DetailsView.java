// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.demo;

import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.sim.DemoCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The workspace for the selected cluster, node or resource: every node's view in one table (so disagreements are
 * visible side by side), a progress bar for resyncs, and the findings with their next steps.
 */
public final class DetailsView {

    /** One node's view of one resource towards one peer. */
    public record Row(String node, String resource, String volume, String role, String disk, String peer,
            String connection, String replication, String peerRole, String peerDisk, String outOfSync,
            Double progress) {
    }

    private final VBox root = new VBox(10);
    private final Label title = new Label();
    private final Label subtitle = new Label();
    private final TableView<Row> table = new TableView<>();
    private final ListView<Finding> findings = new ListView<>();
    private final io.drbdpilot.ui.diagram.ResourceDiagram diagram = new io.drbdpilot.ui.diagram.ResourceDiagram();
    private NavItem selection;

    public DetailsView() {
        root.setPadding(new Insets(16));
        root.setId("details");
        title.getStyleClass().add("details-title");
        title.setId("details-title");
        Label tag = new Label("SIMULATED");
        tag.getStyleClass().add("simulated-tag");
        HBox head = new HBox(10, title, tag);
        head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        subtitle.getStyleClass().add("text-muted");
        table.setId("details-table");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getColumns().addAll(List.of(col("Node", Row::node, 72), col("Resource", Row::resource, 80),
                col("Vol", Row::volume, 46), col("Role", Row::role, 100), col("Disk", Row::disk, 100),
                col("Peer", Row::peer, 72), col("Connection", Row::connection, 100),
                col("Replication", Row::replication, 100), col("Peer role", Row::peerRole, 100),
                col("Peer disk", Row::peerDisk, 100), col("Out of sync", Row::outOfSync, 90), progressColumn()));
        table.setPlaceholder(new Label("Nothing to show for this selection."));
        table.setMinHeight(110);
        findings.setId("details-findings");
        findings.setPrefHeight(200);
        findings.setMinHeight(130); // the findings say what to do: never squeezed out by the diagram
        findings.setPlaceholder(new Label("No findings: healthy."));
        findings.setCellFactory(l -> new FindingCell(l));
        Label fHead = new Label("Findings");
        fHead.getStyleClass().add("pane-header");
        VBox.setVgrow(table, Priority.ALWAYS);
        diagram.setVisible(false);
        diagram.setManaged(false);
        root.getChildren().addAll(head, subtitle, diagram, table, fHead, findings);
    }

    public io.drbdpilot.ui.diagram.ResourceDiagram diagram() {
        return diagram;
    }

    public Node node() {
        return root;
    }

    public void select(NavItem item) {
        this.selection = item;
    }

    /** Shows the current selection from the latest reading; call on the FX thread. */
    public void show(List<DemoCluster.NodeView> nodes) {
        NavItem sel = selection;
        String res = sel == null ? null : sel.resource();
        String onlyNode = sel != null && sel.kind() == NavItem.Kind.NODE ? sel.node() : null;
        title.setText(res != null ? "Resource " + res : onlyNode != null ? "Node " + onlyNode : DemoCluster.NAME);
        subtitle.setText(res != null ? "Every node's view of " + res + ", side by side."
                : onlyNode != null ? "The resources on " + onlyNode + " and its view of every peer."
                : "Every resource on every node. Use the Demo menu to inject faults; nothing here is real.");
        List<Row> rows = new ArrayList<>();
        List<Finding> fs = new ArrayList<>();
        for (DemoCluster.NodeView n : nodes) {
            if (onlyNode != null && !onlyNode.equals(n.node())) {
                continue;
            }
            if (!n.up()) {
                rows.add(new Row(n.node(), res == null ? "-" : res, "", "unreachable", "", "", "", "", "", "", "",
                        null));
                continue;
            }
            for (ResourceState r : n.resources()) {
                if (res == null || res.equals(r.name())) {
                    rows.addAll(rows(n.node(), r));
                }
            }
            n.findings().stream().filter(f -> res == null || res.equals(f.resource()))
                    .map(f -> new Finding(f.severity(), f.kind(), n.node() + ": " + f.resource(), f.volume(),
                            f.peer(), f.explanation(), f.nextStep()))
                    .forEach(fs::add);
        }
        boolean showDiagram = res != null;
        diagram.setVisible(showDiagram);
        diagram.setManaged(showDiagram);
        if (showDiagram) {
            List<io.drbdpilot.cluster.ResourceTopology.Side> sides = new ArrayList<>();
            for (DemoCluster.NodeView n : nodes) {
                n.resources().stream().filter(r -> r.name().equals(res)).findFirst().ifPresent(r -> sides.add(
                        new io.drbdpilot.cluster.ResourceTopology.Side(n.node(), n.node(), r, !n.up())));
            }
            diagram.show(io.drbdpilot.cluster.ResourceTopology.of(res, sides));
        }
        table.getItems().setAll(rows);
        fs.sort((a, b) -> b.severity().compareTo(a.severity()));
        findings.getItems().setAll(fs);
    }

    private static List<Row> rows(String node, ResourceState r) {
        List<Row> out = new ArrayList<>();
        for (DeviceState d : r.devices()) {
            for (ConnectionState c : r.connections()) {
                PeerDeviceState p = c.peerDevice(d.volume()).orElse(null);
                Double progress = p == null || p.resync() == null || p.resync().percent() == null ? null
                        : p.resync().percent() / 100.0;
                out.add(new Row(node, r.name(), Integer.toString(d.volume()), r.role().raw(), d.disk().raw(), c.name(),
                        c.connection().raw(), p == null ? "" : p.replication().raw(), c.peerRole().raw(),
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

    private static TableColumn<Row, String> col(String name, Function<Row, String> f, double width) {
        TableColumn<Row, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
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

    /** A finding as a wrapping label as wide as the list, so long explanations are never cut off. */
    private static final class FindingCell extends ListCell<Finding> {
        private final Label what = new Label();
        private final Label next = new Label();
        private final VBox box = new VBox(2, what, next);

        FindingCell(ListView<Finding> list) {
            for (Label l : List.of(what, next)) {
                l.setWrapText(true);
                l.maxWidthProperty().bind(list.widthProperty().subtract(40));
                l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
            next.getStyleClass().add("text-muted");
            next.setPadding(new Insets(0, 0, 0, 24));
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(Finding f, boolean empty) {
            super.updateItem(f, empty);
            what.getStyleClass().removeAll("finding-danger", "finding-warning");
            if (empty || f == null) {
                setGraphic(null);
                return;
            }
            what.setText(f.severity() + "  " + f.resource() + ": " + f.explanation());
            next.setText("→ " + f.nextStep());
            if (f.severity() == Severity.DANGER) {
                what.getStyleClass().add("finding-danger");
            } else if (f.severity() == Severity.WARNING) {
                what.getStyleClass().add("finding-warning");
            }
            setGraphic(box);
        }
    }
}
