// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** One line at the bottom: the latest status message on the left, the version on the right. */
public final class StatusBar {

    private final HBox root;

    public StatusBar(ObservableStringValue status, String version) {
        Label message = new Label();
        message.setId("status-message");
        message.textProperty().bind(status);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label ver = new Label("v" + version);
        ver.getStyleClass().add("text-muted");
        root = new HBox(8, message, spacer, ver);
        root.setAlignment(Pos.CENTER_LEFT);
        root.setPadding(new Insets(3, 10, 3, 10));
        root.getStyleClass().add("status-bar");
        root.setId("status-bar");
    }

    public Node node() {
        return root;
    }
}
