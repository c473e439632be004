// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The navigator's line above the tree while the cluster map narrows it: what it shows, and "Show all". */
final class ScopeBar {

    private ScopeBar() {
    }

    /** What the cluster map narrowed the tree to, and the way back to everything; hidden while nothing is narrowed. */
    static HBox of(WorkspaceViewModel vm) {
        Label scopeText = new Label();
        scopeText.setId("navigator-scope");
        scopeText.setMaxWidth(Double.MAX_VALUE);
        Button clear = new Button("Show all");
        clear.setId("navigator-scope-clear");
        clear.setOnAction(e -> vm.scopeProperty().set(null));
        clear.setMinWidth(Region.USE_PREF_SIZE); // never "S..."
        scopeText.setWrapText(true);
        scopeText.setMinWidth(0);
        HBox scopeRow = new HBox(6, scopeText, clear);
        scopeRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(scopeText, Priority.ALWAYS);
        scopeRow.visibleProperty().bind(vm.scopeProperty().isNotNull());
        scopeRow.managedProperty().bind(scopeRow.visibleProperty());
        scopeText.textProperty().bind(Bindings.createStringBinding(() -> vm.scopeProperty().get() == null ? ""
                : "Only " + vm.scopeProperty().get().label(), vm.scopeProperty()));
        return scopeRow;
    }
}
