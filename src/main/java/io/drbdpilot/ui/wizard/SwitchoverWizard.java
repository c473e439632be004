// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.switchover.Preflight;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.switchover.Switchover;
import io.drbdpilot.ops.switchover.SwitchoverRequest;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.Window;

/**
 * The switchover wizard: choose the resource and target; the checks, live; the plan with the exact commands; confirm;
 * then {@link RunPage} runs it with progress, a command log and Retry/Abort, and shows the result. The engine
 * ({@link Switchover}) runs off the UI thread.
 */
public final class SwitchoverWizard extends PlanWizard<Preflight.Result> {

    private final Path auditFile;
    private final ComboBox<String> resource = new ComboBox<>();
    private final ComboBox<String> target = new ComboBox<>();
    private final TextField stopUnits = field("wizard-stop-units", "units to stop on the source, e.g. nginx");
    private final TextField umount = field("wizard-umount", "paths to unmount on the source, e.g. /srv/data");
    private final TextField mount = field("wizard-mount", "paths to mount on the target");
    private final TextField startUnits = field("wizard-start-units", "units to start on the target");
    private volatile Switchover switchover;

    public SwitchoverWizard(Window owner, ClusterEntry cluster, String preselectedResource, Path auditFile) {
        super(owner, cluster, "Switch over", "switchover-wizard", 900, 620);
        this.auditFile = auditFile;
        ClusterSnapshot s = cluster.snapshotProperty().get();
        TreeSet<String> names = new TreeSet<>();
        if (s != null) {
            s.nodes().forEach(n -> n.resources().forEach(r -> names.add(r.name())));
        }
        resource.getItems().setAll(names);
        resource.setId("wizard-resource");
        target.setId("wizard-target");
        resource.valueProperty().addListener((o, a, b) -> fillTargets());
        resource.setValue(preselectedResource != null && names.contains(preselectedResource) ? preselectedResource
                : names.isEmpty() ? null : names.first());
        show(0);
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        return f;
    }

    private void fillTargets() {
        String res = resource.getValue();
        ClusterSnapshot s = cluster.snapshotProperty().get();
        target.getItems().clear();
        if (res == null || s == null) {
            return;
        }
        for (NodeView n : s.nodes()) {
            ResourceState r = n.resource(res).orElse(null);
            if (r != null && !r.role().is(Role.PRIMARY) && !r.devices().isEmpty()) {
                target.getItems().add(n.node());
            }
        }
        if (!target.getItems().isEmpty()) {
            target.setValue(target.getItems().get(0));
        }
    }

    private static List<String> words(TextField f) {
        return Arrays.stream(f.getText().strip().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    @Override
    protected Node choosePage() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.addRow(0, new Label("Resource"), resource);
        g.addRow(1, new Label("Move the Primary role to"), target);
        g.addRow(2, new Label("Before: stop units"), stopUnits);
        g.addRow(3, new Label("Before: unmount"), umount);
        g.addRow(4, new Label("After: mount on the target"), mount);
        g.addRow(5, new Label("After: start units"), startUnits);
        Label help = new Label("The switchover demotes the current Primary first, then re-checks the target from "
                + "both sides, and only then promotes it. If anything fails after the demote, it re-promotes the "
                + "source. Stop whatever uses the device before the demote (DRBD refuses to demote an open device).");
        help.setWrapText(true);
        g.add(help, 0, 6, 2, 1);
        GridPane.setHgrow(stopUnits, Priority.ALWAYS);
        next.setDisable(false);
        return g;
    }

    @Override
    protected boolean plan() {
        try {
            SwitchoverRequest req = new SwitchoverRequest(resource.getValue(), target.getValue(), null,
                    words(umount), words(stopUnits), List.of(), words(mount), words(startUnits), List.of());
            switchover = new Switchover(new SshNodeAccess(cluster.monitor(), Clock.systemUTC()),
                    cluster.monitor().nodeNames(), req, new Switchover.Options(auditFile,
                            ResourceLock.holder("DRBD Pilot window"), Duration.ofSeconds(15)));
            return true;
        } catch (IllegalArgumentException e) {
            new Alert(Alert.AlertType.ERROR, e.getMessage()).showAndWait();
            return false;
        }
    }

    @Override
    protected Preflight.Result check() throws InterruptedException {
        return switchover.check();
    }

    @Override
    protected String script(Preflight.Result checked) {
        return switchover.script(checked);
    }

    @Override
    protected String reading() {
        return "Reading both nodes…";
    }

    @Override
    protected Node confirmHead(Preflight.Result checked) {
        Label what = new Label("Move the Primary role of " + resource.getValue() + " from " + (checked == null ? "?"
                : checked.source()) + " to " + target.getValue() + ": " + switchover.steps(checked).size()
                + " steps.");
        what.setStyle("-fx-font-size: 1.2em; -fx-font-weight: bold");
        return what;
    }

    @Override
    protected String confirmName() {
        return resource.getValue();
    }

    @Override
    protected void run(Preflight.Result checked) {
        new RunPage(this, switchover.steps(checked), (l, d) -> switchover.execute(l, d, checked), null, null)
                .start(); // what runs is what was confirmed
    }
}
