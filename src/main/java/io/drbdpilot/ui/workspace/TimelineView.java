// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.EventHistory;
import io.drbdpilot.cluster.HistoryEvent;
import io.drbdpilot.settings.PrivateFiles;
import io.drbdpilot.ui.theme.ThemeSupport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import javafx.stage.FileChooser;

/**
 * The selected cluster's changes: a strip with how many happened per ten seconds over the last ten minutes, and the
 * list itself, filterable by node and resource, newest followed as they arrive. Export writes what the filter shows
 * as JSON lines.
 */
public final class TimelineView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    static final int BUCKETS = 60;
    static final long BUCKET_SECONDS = 10;

    private final WorkspaceViewModel vm;
    private final TableView<HistoryEvent> table = new TableView<>();
    private final ComboBox<String> node = new ComboBox<>();
    private final TextField resource = new TextField();
    private final CheckBox follow = new CheckBox("Follow new changes");
    private final Label count = new Label();
    private final Canvas strip = new Canvas(10, 46);
    private final VBox root;
    private final Consumer<String> status;
    private ClusterEntry watched;
    private FilteredList<HistoryEvent> filtered = new FilteredList<>(FXCollections.observableArrayList());
    private final ListChangeListener<HistoryEvent> onChange = c -> changed();

    /** @param status shows a line in the status bar */
    public TimelineView(WorkspaceViewModel vm, Consumer<String> status) {
        this.vm = vm;
        this.status = status;
        table.setId("timeline-table");
        table.getColumns().addAll(List.of(col("Time", e -> TIME.format(e.at()), 116), col("Node", HistoryEvent::node,
                90), col("Resource", e -> e.resource() == null ? "" : e.resource(), 90), col("What", HistoryEvent::key,
                260), col("From", e -> e.from() == null ? "(new)" : e.from(), 170), col("To",
                e -> e.to() == null ? "(gone)" : e.to(), 220)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No changes yet. Every change of role, disk, connection, replication and "
                + "finding appears here."));
        node.setId("timeline-node");
        node.setPromptText("All nodes");
        resource.setId("timeline-resource");
        resource.setPromptText("Resource contains…");
        follow.setSelected(true);
        Button export = new Button("Export…");
        export.setId("timeline-export");
        export.setOnAction(e -> exportDialog());
        node.valueProperty().addListener(o -> refilter());
        resource.textProperty().addListener(o -> refilter());
        count.getStyleClass().add("text-muted");
        HBox bar = new HBox(8, new Label("Node"), node, resource, follow, count, new StackPane(), export);
        HBox.setHgrow(bar.getChildren().get(5), Priority.ALWAYS);
        bar.setAlignment(Pos.CENTER_LEFT);
        StackPane stripBox = new StackPane(strip);
        stripBox.setMinHeight(46);
        strip.widthProperty().bind(stripBox.widthProperty());
        strip.widthProperty().addListener(o -> drawStrip());
        root = new VBox(6, bar, stripBox, table);
        root.setPadding(new Insets(8));
        root.setId("timeline");
        VBox.setVgrow(table, Priority.ALWAYS);
        vm.selectionProperty().addListener(o -> rewatch());
        vm.clusters().addListener((ListChangeListener<ClusterEntry>) c -> rewatch());
        rewatch();
    }

    public Node node() {
        return root;
    }

    TableView<HistoryEvent> table() {
        return table;
    }

    private void rewatch() {
        WorkspaceViewModel.Selection sel = vm.selectionProperty().get();
        ClusterEntry e = sel != null ? vm.find(sel.cluster()).orElse(null)
                : vm.clusters().isEmpty() ? null : vm.clusters().get(0);
        if (e != watched) {
            filtered.removeListener(onChange);
            watched = e;
            ObservableList<HistoryEvent> src = e == null ? FXCollections.observableArrayList() : e.timeline();
            filtered = new FilteredList<>(src);
            filtered.addListener(onChange);
            table.setItems(filtered);
            node.getItems().setAll(e == null ? List.of() : e.settings().nodes().stream().map(n -> n.name()).toList());
            node.getItems().add(0, null);
        }
        if (sel != null && sel.node() != null && sel.resource() == null) {
            node.setValue(sel.node());
        }
        refilter();
    }

    private void refilter() {
        String n = node.getValue();
        String r = resource.getText();
        filtered.setPredicate(ev -> ev.matches(n, r));
        changed();
    }

    private void changed() {
        count.setText(filtered.size() + " of " + filtered.getSource().size() + " changes");
        if (follow.isSelected() && !filtered.isEmpty()) {
            // After the table has taken the new rows in.
            Platform.runLater(() -> table.scrollTo(Math.max(0, filtered.size() - 1)));
        }
        drawStrip();
    }

    /** Counts per bucket of the last {@link #BUCKETS} × {@link #BUCKET_SECONDS} s, newest last. */
    static int[] histogram(List<HistoryEvent> events, Instant now) {
        int[] out = new int[BUCKETS];
        long end = now.getEpochSecond();
        for (int i = events.size() - 1; i >= 0; i--) {
            long age = end - events.get(i).at().getEpochSecond();
            if (age < 0) {
                age = 0;
            }
            int b = BUCKETS - 1 - (int) (age / BUCKET_SECONDS);
            if (b < 0) {
                break;
            }
            out[b]++;
        }
        return out;
    }

    private void drawStrip() {
        GraphicsContext g = strip.getGraphicsContext2D();
        double w = strip.getWidth();
        double h = strip.getHeight();
        g.clearRect(0, 0, w, h);
        int[] counts = histogram(filtered, Instant.now());
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        double bw = w / BUCKETS;
        g.setFill(Color.web("#0969da", 0.75));
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] > 0) {
                double bh = Math.max(2, (h - 14) * counts[i] / max);
                g.fillRect(i * bw + 1, h - 12 - bh, Math.max(1, bw - 2), bh);
            }
        }
        g.setFill(ThemeSupport.isDark() ? Color.web("#8b949e") : Color.web("#57606a"));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("10 min ago   (changes per 10 s; highest bar " + max + ")", 2, h - 1);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText("now", w - 2, h - 1);
    }

    /** Asks where to export the filtered rows, then writes them. */
    public void exportDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the timeline");
        fc.setInitialFileName((watched == null ? "timeline" : watched.name().replaceAll("[^A-Za-z0-9._-]", "_"))
                + "-timeline.jsonl");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON lines", "*.jsonl", "*.json"));
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            export(f.toPath());
        }
    }

    /** Writes what the filter shows, one JSON object per line; says in the status bar how it went. */
    public void export(Path file) {
        List<HistoryEvent> rows = new ArrayList<>(filtered);
        StringBuilder sb = new StringBuilder();
        rows.forEach(e -> sb.append(EventHistory.jsonLine(e)).append('\n'));
        try {
            PrivateFiles.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8));
            status.accept("Exported " + rows.size() + " changes to " + file);
        } catch (IOException e) {
            status.accept("Could not export the timeline to " + file + ": " + e.getMessage()
                    + ". Pick a folder you can write to.");
        }
    }

    private static TableColumn<HistoryEvent, String> col(String name, Function<HistoryEvent, String> f, double w) {
        TableColumn<HistoryEvent, String> c = new TableColumn<>(name);
        c.setPrefWidth(w);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }
}
