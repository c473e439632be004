// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.reactor.EvictChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * A move of a resource that drbd-reactor manages, handed to it: the checks say where it is active, which node takes
 * over and why, and what stops and starts; then {@code drbd-reactorctl evict}, followed until a peer runs the services.
 * Or the mask an earlier "keep masked" left on a node, lifted.
 */
public final class EvictWizard extends PlanWizard<EvictChecks.Result> {

    /** The choice "move it away" (not an unmask). */
    public static final String MOVE = "move it away from the node that runs it (evict)";

    private final EvictWizardModel model;
    private final ComboBox<String> resource = new ComboBox<>();
    private final ComboBox<String> action = new ComboBox<>();
    private final CheckBox keepMasked = new CheckBox("Keep the old node masked (maintenance): it does not take the "
            + "resource back until unmasked or rebooted");

    public EvictWizard(Window owner, ClusterEntry cluster, UiTasks tasks, String preselected, Path auditFile) {
        this(owner, new EvictWizardModel(cluster, tasks, auditFile, preselected), cluster);
    }

    private EvictWizard(Window owner, EvictWizardModel model, ClusterEntry cluster) {
        super(owner, cluster, model, "Move a resource that drbd-reactor manages", 900, 620);
        this.model = model;
        resource.setId("evict-resource");
        action.setId("evict-action");
        keepMasked.setId("evict-keep-masked");
        keepMasked.setWrapText(true);
        resource.getItems().setAll(model.resources());
        resource.setValue(model.resource());
        fill();
        resource.valueProperty().addListener((o, a, b) -> {
            model.resource(b);
            fill();
        });
        action.valueProperty().addListener((o, a, b) -> keepMasked.setDisable(b != null && !b.equals(MOVE)));
        show(0);
    }

    private void fill() {
        action.getItems().setAll(MOVE);
        model.nodes().forEach(n -> action.getItems().add(unmask(n)));
        action.setValue(MOVE);
    }

    private static String unmask(String node) {
        return "lift the mask on " + node + " (after an earlier keep-masked)";
    }

    @Override
    protected Node choosePage() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.addRow(0, new Label("Resource"), resource);
        g.addRow(1, new Label("Action"), action);
        g.add(keepMasked, 1, 2);
        Label help = new Label("drbd-reactor's promoter runs this resource: it promotes a node and starts the services "
                + "in its snippet's start list there. Moving it by hand (drbdadm) would fight it, so the move is "
                + "handed to drbd-reactor: its services stop on the node that runs them, it is demoted, and a peer's "
                + "promoter promotes and starts them (the preferred nodes first). DRBD Pilot checks that a peer can "
                + "take over, runs drbd-reactorctl evict, and follows it until a peer runs the services.");
        help.setWrapText(true);
        next.setDisable(false);
        return new VBox(10, g, help);
    }

    @Override
    protected void collect() {
        model.resource(resource.getValue());
        String a = action.getValue();
        model.unmaskOn(a == null || a.equals(MOVE) ? null : model.nodes().stream().filter(n -> a.equals(unmask(n)))
                .findFirst().orElse(null));
        model.keepMasked(model.unmaskOn() == null && keepMasked.isSelected());
    }

    @Override
    protected Node confirmExtra(EvictChecks.Result checked) {
        TextArea t = new TextArea(String.join("\n", model.describe(checked)));
        t.setId("evict-reactor-state");
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefRowCount(8);
        return t;
    }

    @Override
    protected void run(EvictChecks.Result checked) {
        new RunPage(this, model.steps(checked), (l, d) -> model.execute(l, d, checked), null, null).start();
    }
}
