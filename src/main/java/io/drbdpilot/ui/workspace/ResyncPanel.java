// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.cluster.ResourceTopology;
import io.drbdpilot.ops.resync.ResyncChecks;
import io.drbdpilot.ops.resync.ResyncReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import javafx.geometry.Insets;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The resyncs of the selected resource, live from the monitor: who syncs from whom, progress, speed, the rate it
 * wants, the time left and why it waits, in words; a rate that differs from the files is called temporary; and the
 * controls, each a plan with its checks (pause, resume, a temporary rate, reset).
 */
final class ResyncPanel {

    private final VBox rows = new VBox(8);
    private final ScrollPane root;
    private BiConsumer<String, ResyncChecks.Kind> onAction = (r, k) -> { };
    private String resource;
    private List<ResyncReport.Line> last = List.of();

    ResyncPanel() {
        Button pause = button("Pause", "resync-pause", ResyncChecks.Kind.PAUSE);
        Button resume = button("Resume", "resync-resume", ResyncChecks.Kind.RESUME);
        Button rate = button("Set a temporary rate…", "resync-rate-button", ResyncChecks.Kind.RATE);
        Button reset = button("Reset the rate", "resync-reset", ResyncChecks.Kind.RESET);
        HBox bar = new HBox(8, pause, resume, rate, reset);
        rows.setId("resync-rows");
        VBox box = new VBox(10, bar, rows);
        box.setPadding(new Insets(8));
        root = new ScrollPane(box);
        root.setFitToWidth(true);
        root.setId("resync-panel");
    }

    private Button button(String text, String id, ResyncChecks.Kind kind) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> {
            if (resource != null) {
                onAction.accept(resource, kind);
            }
        });
        return b;
    }

    ScrollPane node() {
        return root;
    }

    /** What a control button opens: the resync wizard on the resource, with that action chosen. */
    void setOnAction(BiConsumer<String, ResyncChecks.Kind> action) {
        onAction = action;
    }

    List<ResyncReport.Line> lines() {
        return last;
    }

    /** The resync lines of every node that holds the resource in this snapshot. */
    static List<ResyncReport.Line> lines(ClusterSnapshot s, String resource) {
        List<ResyncReport.Line> out = new ArrayList<>();
        for (NodeView v : s.nodes()) {
            v.resource(resource).ifPresent(r -> out.addAll(ResyncReport.linesOf(v.node(), r, null, name -> s.nodes()
                    .stream().filter(x -> name.equals(x.drbdHost()) || name.equals(x.node())).map(NodeView::node)
                    .findFirst().orElse(r.connections().size() == 1 ? s.nodes().stream().filter(x -> !x.node()
                    .equals(v.node()) && x.resource(resource).isPresent()).map(NodeView::node).findFirst()
                    .orElse(name) : name))));
        }
        return out;
    }

    void show(ClusterSnapshot s, String res) {
        resource = res;
        rows.getChildren().clear();
        last = s == null || res == null ? List.of() : lines(s, res);
        if (res == null) {
            rows.getChildren().add(new Label("Select a resource to see its resyncs."));
            return;
        }
        if (last.isEmpty()) {
            rows.getChildren().add(new Label("No resync runs on " + res + "."));
        }
        for (ResyncReport.Line l : last) {
            ProgressBar bar = new ProgressBar(l.progress() == null || l.progress().percent() == null
                    ? ProgressBar.INDETERMINATE_PROGRESS : l.progress().percent() / 100);
            bar.setPrefWidth(160);
            Label text = new Label((l.paused() ? "⏸ " : "⟳ ") + l.describe());
            text.setWrapText(true);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox row = new HBox(10, bar, text);
            row.setAccessibleRole(AccessibleRole.TEXT);
            row.setAccessibleText(l.describe());
            rows.getChildren().add(row);
        }
        ResourceTopology.of(res, s).links().stream().filter(ResourceTopology.Link::temporaryRate).forEach(k -> rows
                .getChildren().add(new Label(String.format(Locale.ROOT, "Temporary rate: the resync between %s and %s "
                + "runs at %.1f MiB/s; the configuration files say %.1f MiB/s. Reset it when you are done.", k.a(),
                k.b(), k.progress().wantKiBps() / 1024.0, k.filesRate() / 1024.0))));
    }
}
