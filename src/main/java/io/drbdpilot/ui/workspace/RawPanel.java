// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.cluster.RawReadings;
import java.time.Duration;
import java.util.Objects;
import io.drbdpilot.ui.task.UiTasks;
import java.util.concurrent.ExecutorService;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Each node's own words about the selected resource: its {@code /proc/drbd} lines and its events2 records, read on
 * demand over the monitor's sessions. The text can be selected and copied.
 */
final class RawPanel {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private final UiTasks tasks;
    private final ExecutorService reader;

    private final TextArea text = new TextArea();
    private final Button read = new Button("Read from the nodes");
    private final ProgressIndicator busy = new ProgressIndicator(-1);
    private final Label hint = new Label("What each node reports for this resource, word for word.");
    private final VBox root;
    private ClusterMonitor monitor;
    private String resource;
    private int generation;

    RawPanel(UiTasks tasks) {
        this.tasks = tasks;
        reader = tasks.lane("raw-reader");
        text.setEditable(false);
        text.setId("raw-text");
        text.getStyleClass().add("raw-text");
        read.setId("raw-read");
        read.setOnAction(e -> read());
        busy.setPrefSize(18, 18);
        busy.setVisible(false);
        hint.getStyleClass().add("text-muted");
        HBox bar = new HBox(8, read, busy, hint);
        bar.setAlignment(Pos.CENTER_LEFT);
        root = new VBox(6, bar, text);
        VBox.setVgrow(text, Priority.ALWAYS);
    }

    VBox node() {
        return root;
    }

    TextArea text() {
        return text;
    }

    /** A new resource: the old text goes, the new one is read when the tab is shown or the button pressed. */
    void select(ClusterMonitor m, String res) {
        if (m == monitor && Objects.equals(res, resource)) {
            return;
        }
        monitor = m;
        resource = res;
        generation++;
        text.setText(res == null ? "" : "Press \"Read from the nodes\" to fetch what each node reports for " + res
                + ".");
        read.setDisable(res == null);
    }

    void read() {
        ClusterMonitor m = monitor;
        String res = resource;
        if (m == null || res == null) {
            return;
        }
        int gen = ++generation;
        busy.setVisible(true);
        read.setDisable(true);
        reader.execute(() -> {
            String out = RawReadings.collect(m, res, TIMEOUT);
            tasks.onUi(() -> {
                if (gen == generation) {
                    text.setText(out);
                }
                busy.setVisible(false);
                read.setDisable(false);
            });
        });
    }
}
