// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.cluster.TimeText;
import io.drbdpilot.ssh.CommandJournal;
import io.drbdpilot.ssh.CommandJournal.Entry;
import io.drbdpilot.ssh.CommandJournal.Group;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The command log (View → Commands, Ctrl+L): every command DRBD Pilot ran on a node, newest first, as drbdmon's task
 * queue and Hawk's command log show them: time, node, the command as sent, its exit code and how long it took, and
 * what it printed below. A plan's commands are grouped under the plan; everything else (the monitor's reads, the
 * checks, the connection tests) stands alone and can be hidden. A filter narrows by node, command, output or plan;
 * Ctrl+C (or Copy) copies the selected rows as text.
 */
public final class CommandsPanel {

        /** A row: a plan (its commands below it) or one command. */
    record Row(Group group, Entry entry) {
        boolean isPlan() {
            return entry == null;
        }
    }

    private final ZoneId zone;
    private final List<Entry> all = new ArrayList<>();
    private final Set<CommandJournal> watched = new HashSet<>();
    private final ConcurrentLinkedQueue<Entry> arriving = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushPosted = new AtomicBoolean();
    private final Consumer<Runnable> ui;
    private final Consumer<Entry> listener = this::arrived;
    private final TreeTableView<Row> table = new TreeTableView<>();
    private final TextField filter = new TextField();
    private final CheckBox outsidePlans = new CheckBox("Commands outside plans (the monitor's reads, checks, tests)");
    private final TextArea output = new TextArea();
    private final Label count = new Label();
    private final VBox root;
    /** Entries arrived while the log was hidden. */
    private boolean stale;

    /** @param ui runs a task on the FX thread (the journal reports on the threads that ran the commands) */
    public CommandsPanel(Consumer<Runnable> ui, ZoneId zone) {
        this.ui = ui;
        this.zone = zone;
        Label title = new Label("Commands run on the nodes");
        title.getStyleClass().add("title-4");
        filter.setId("commands-filter");
        filter.setPromptText("Filter: node, command, output or plan");
        filter.textProperty().addListener((o, a, b) -> rebuild());
        HBox.setHgrow(filter, Priority.ALWAYS);
        outsidePlans.setId("commands-outside-plans");
        outsidePlans.setSelected(true);
        outsidePlans.selectedProperty().addListener((o, a, b) -> rebuild());
        Button copy = new Button("Copy");
        copy.setId("commands-copy");
        copy.setTooltip(new Tooltip("Copy the selected rows (all shown rows when none is selected) as text"));
        copy.setOnAction(e -> copy());
        count.setId("commands-count");
        HBox bar = new HBox(8, title, filter, outsidePlans, copy, count);
        bar.setPadding(new Insets(4, 6, 4, 6));
        bar.setAlignment(Pos.CENTER_LEFT);

        table.setId("commands-table");
        table.setShowRoot(false);
        table.setRoot(new TreeItem<>());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No command has run on a node yet."));
        TreeTableColumn<Row, String> time = column("Time", 80, r -> CommandRows.time(r, zone));
        time.setCellFactory(col -> new TreeTableCell<>() { // the full time, to the millisecond, in the tooltip
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                Row r = empty || getTableRow() == null ? null : getTableRow().getItem();
                setTooltip(r == null ? null : new Tooltip(TimeText.full(r.isPlan() ? r.group().started()
                        : r.entry().at(), zone)));
            }
        });
        table.getColumns().add(time);
        table.getColumns().add(column("Node", 90, r -> r.isPlan() ? "" : r.entry().node()));
        table.getColumns().add(column("Exit", 110, CommandRows::exit));
        table.getColumns().add(column("Took", 70, r -> r.isPlan() ? "" : CommandRows.took(r.entry())));
        table.getColumns().add(column("Command", 420, r -> r.isPlan() ? "Plan: " + r.group().title()
                : r.entry().commandLine()));
        table.setRowFactory(t -> {
            TreeTableRow<Row> row = new TreeTableRow<>() {
                @Override
                protected void updateItem(Row item, boolean empty) {
                    super.updateItem(item, empty);
                    getStyleClass().removeAll("commands-plan", "commands-failed");
                    if (!empty && item != null) {
                        if (item.isPlan()) {
                            getStyleClass().add("commands-plan");
                        } else if (CommandRows.failed(item.entry())) {
                            getStyleClass().add("commands-failed");
                        }
                        setAccessibleText(CommandRows.spoken(item, zone));
                    } else {
                        setAccessibleText(null);
                    }
                }
            };
            return row;
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> show(item));
        KeyCombination copyKey = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
        table.setOnKeyPressed(e -> {
            if (copyKey.match(e)) {
                copy();
                e.consume();
            }
        });
        MenuItem copyItem = new MenuItem("Copy rows");
        copyItem.setOnAction(e -> copy());
        table.setContextMenu(new ContextMenu(copyItem));

        output.setId("commands-output");
        output.setEditable(false);
        output.setWrapText(false);
        output.setStyle("-fx-font-family: monospace");
        output.setPromptText("Select a command to see what it printed.");
        output.setAccessibleRole(AccessibleRole.TEXT_AREA);
        SplitPane split = new SplitPane(table, output);
        split.setDividerPositions(0.62);
        VBox.setVgrow(split, Priority.ALWAYS);
        root = new VBox(bar, split);
        root.setId("commands-panel");
        root.sceneProperty().addListener((o, was, now) -> {
            if (now != null && stale) {
                rebuild();
            }
        });
        root.setMinHeight(0);
    }

    public Node node() {
        return root;
    }

    /** Shows this journal's commands too (the window's, the demo's); once per journal. */
    public void watch(CommandJournal journal) {
        if (journal == null || !watched.add(journal)) {
            return;
        }
        List<Entry> before = journal.entries();
        journal.subscribe(listener);
        all.addAll(before);
        all.sort((a, b) -> a.at().compareTo(b.at()));
        rebuildIfShown();
    }

    /** Stops following the journals (the window closes). */
    public void close() {
        watched.forEach(j -> j.unsubscribe(listener));
        watched.clear();
    }

    /** Focuses the filter (Ctrl+L shows the panel and goes there). */
    public void focus() {
        filter.requestFocus();
    }

    TreeTableView<Row> table() {
        return table;
    }

    private void arrived(Entry e) {
        arriving.add(e);
        if (flushPosted.compareAndSet(false, true)) {
            ui.accept(this::flush); // a burst of commands costs one update of the table
        }
    }

    private void flush() {
        flushPosted.set(false);
        boolean any = false;
        for (Entry e; (e = arriving.poll()) != null;) {
            all.add(e);
            any = true;
        }
        int over = all.size() - 2 * CommandJournal.KEPT;
        if (over > 0) {
            all.subList(0, over).clear();
        }
        if (any) {
            rebuildIfShown();
        }
    }

    /** A hidden log costs nothing on the FX thread: it is rebuilt when it shows again. */
    private void rebuildIfShown() {
        if (root.getScene() == null) {
            stale = true;
        } else {
            rebuild();
        }
    }

    /** Newest first: a plan where it started, its commands below it, newest first too. */
    private void rebuild() {
        stale = false;
        String f = filter.getText() == null ? "" : filter.getText().strip().toLowerCase(Locale.ROOT);
        boolean outside = outsidePlans.isSelected();
        Map<Long, TreeItem<Row>> plans = new LinkedHashMap<>();
        List<TreeItem<Row>> top = new ArrayList<>();
        int shown = 0;
        for (int i = all.size() - 1; i >= 0; i--) {
            Entry e = all.get(i);
            Group g = e.group();
            if (g == null) {
                if (outside && matches(e, f)) {
                    top.add(new TreeItem<>(new Row(null, e)));
                    shown++;
                }
                continue;
            }
            if (!matches(e, f) && !g.title().toLowerCase(Locale.ROOT).contains(f)) {
                continue;
            }
            TreeItem<Row> plan = plans.get(g.id());
            if (plan == null) {
                plan = new TreeItem<>(new Row(g, null));
                plan.setExpanded(true);
                plans.put(g.id(), plan);
                top.add(plan);
            }
            plan.getChildren().add(new TreeItem<>(new Row(g, e)));
            shown++;
        }
        // a plan sits where it started, among the commands around it: sort the top rows by their first time
        top.sort((a, b) -> first(b).compareTo(first(a)));
        Row selected = table.getSelectionModel().getSelectedItem() == null ? null
                : table.getSelectionModel().getSelectedItem().getValue();
        table.getRoot().getChildren().setAll(top);
        count.setText(shown + (shown == 1 ? " command" : " commands") + (plans.isEmpty() ? ""
                : " · " + plans.size() + (plans.size() == 1 ? " plan" : " plans")));
        if (selected != null) {
            reselect(selected);
        }
    }

    private static Instant first(TreeItem<Row> item) {
        Row r = item.getValue();
        return r.isPlan() ? r.group().started() : r.entry().at();
    }

    private void reselect(Row selected) {
        for (TreeItem<Row> t : table.getRoot().getChildren()) {
            if (t.getValue().equals(selected)) {
                table.getSelectionModel().select(t);
                return;
            }
            for (TreeItem<Row> c : t.getChildren()) {
                if (c.getValue().equals(selected)) {
                    table.getSelectionModel().select(c);
                    return;
                }
            }
        }
    }

    private static boolean matches(Entry e, String f) {
        if (f.isEmpty()) {
            return true;
        }
        return e.node().toLowerCase(Locale.ROOT).contains(f) || e.commandLine().toLowerCase(Locale.ROOT).contains(f)
                || e.stdout().toLowerCase(Locale.ROOT).contains(f) || e.stderr().toLowerCase(Locale.ROOT).contains(f)
                || e.status().toLowerCase(Locale.ROOT).contains(f);
    }

    private void show(TreeItem<Row> item) {
        if (item == null || item.getValue() == null) {
            output.clear();
            return;
        }
        Row r = item.getValue();
        if (r.isPlan()) {
            StringBuilder sb = new StringBuilder("Plan " + r.group().title() + ", started "
                    + TimeText.full(r.group().started(), zone) + "\n\n");
            for (TreeItem<Row> c : item.getChildren()) {
                sb.append(CommandRows.text(c.getValue().entry(), zone)).append('\n');
            }
            output.setText(sb.toString());
            return;
        }
        Entry e = r.entry();
        StringBuilder sb = new StringBuilder(e.node() + "$ " + e.commandLine() + "\n");
        sb.append(CommandRows.exit(r)).append(", ").append(CommandRows.took(e)).append(", ").append(TimeText.full(e.at(), zone)).append('\n');
        if (!e.stdout().isEmpty()) {
            sb.append("\n").append(e.stdout());
            if (!e.stdout().endsWith("\n")) {
                sb.append('\n');
            }
        }
        if (!e.stderr().isEmpty()) {
            sb.append("\nstderr:\n").append(e.stderr());
        }
        if (e.stdout().isEmpty() && e.stderr().isEmpty()) {
            sb.append("\n(no output)");
        }
        output.setText(sb.toString());
    }

    private void copy() {
        List<TreeItem<Row>> rows = new ArrayList<>(table.getSelectionModel().getSelectedItems());
        if (rows.isEmpty()) {
            rows.addAll(table.getRoot().getChildren());
        }
        StringBuilder sb = new StringBuilder();
        Set<Row> done = new HashSet<>();
        for (TreeItem<Row> t : rows) {
            if (t == null || t.getValue() == null || !done.add(t.getValue())) {
                continue;
            }
            Row r = t.getValue();
            if (r.isPlan()) {
                sb.append("# plan ").append(r.group().title()).append(", started ")
                        .append(TimeText.full(r.group().started(), zone)).append('\n');
                for (TreeItem<Row> c : t.getChildren()) {
                    if (done.add(c.getValue())) {
                        sb.append(CommandRows.text(c.getValue().entry(), zone)).append('\n');
                    }
                }
            } else {
                sb.append(CommandRows.text(r.entry(), zone)).append('\n');
            }
        }
        ClipboardContent c = new ClipboardContent();
        c.putString(sb.toString());
        Clipboard.getSystemClipboard().setContent(c);
    }

    private TreeTableColumn<Row, String> column(String name, double width, Function<Row, String> f) {
        TreeTableColumn<Row, String> c = new TreeTableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(p -> new ReadOnlyStringWrapper(p.getValue() == null || p.getValue().getValue() == null
                ? "" : f.apply(p.getValue().getValue())));
        return c;
    }
}
