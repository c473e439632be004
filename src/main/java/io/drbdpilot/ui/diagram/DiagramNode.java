// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.diagram;

import io.drbdpilot.cluster.ResourceTopology.Box;
import io.drbdpilot.drbd.model.StateGlossary;
import javafx.animation.FadeTransition;
import javafx.css.PseudoClass;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * One node's box in the {@link ResourceDiagram}: its name, role, disk and devices, with {@code :primary},
 * {@code :degraded} and {@code :stale}; a change of role or disk fades it in again.
 */
final class DiagramNode extends VBox {

    private static final PseudoClass PRIMARY = PseudoClass.getPseudoClass("primary");
    private static final PseudoClass DEGRADED = PseudoClass.getPseudoClass("degraded");
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    private final Label name = new Label();
    private final Label role = new Label();
    private final Label disk = new Label();
    private final Label device = new Label();
    private final Tooltip tip = new Tooltip();

    DiagramNode() {
        super(2);
        getStyleClass().add("diagram-node");
        name.getStyleClass().add("diagram-node-name");
        role.getStyleClass().add("diagram-node-role");
        disk.getStyleClass().add("diagram-node-disk");
        device.getStyleClass().add("text-muted");
        getChildren().addAll(name, role, disk, device);
        Tooltip.install(this, tip);
        setFocusTraversable(true); // Tab walks the boxes; a screen reader says each one's state
        setAccessibleRole(AccessibleRole.TEXT);
    }

    void update(Box b) {
        setId("diagram-node-" + b.node());
        // A box whose role or disk changes fades in again, so the change catches the eye without a flicker.
        boolean changed = !role.getText().isEmpty() && (!role.getText().equals(b.role())
                || !disk.getText().equals(b.disk()));
        if (changed) {
            FadeTransition f = new FadeTransition(
                    Duration.millis(450), this);
            f.setFromValue(0.35);
            f.setToValue(1);
            f.play();
        }
        name.setText(b.node());
        role.setText(b.role());
        disk.setText(b.disk());
        device.setText(b.devices() + (b.open() == null ? "" : b.open() ? "  · open" : "  · closed"));
        pseudoClassStateChanged(PRIMARY, b.primary());
        pseudoClassStateChanged(DEGRADED, !b.diskOk());
        pseudoClassStateChanged(STALE, b.stale());
        tip.setText(b.node() + ": " + b.role() + ", disk " + b.disk()
                + StateGlossary.explain(b.role()).map(t -> "\n" + t).orElse("")
                + StateGlossary.explain(b.disk()).map(t -> "\n" + t).orElse("")
                + (b.stale() ? "\nStale: this node cannot be read; the last known state is shown." : "")
                + (b.primary() ? "\nPrimary: the node that may write to the device." : ""));
    }
}
