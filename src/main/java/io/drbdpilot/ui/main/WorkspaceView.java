// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The central workspace. With no cluster open it shows a welcome page that says what can be done. */
public final class WorkspaceView {

    private final StackPane root;

    public WorkspaceView(List<Image> icons) {
        VBox welcome = new VBox(14);
        welcome.setAlignment(Pos.CENTER);
        welcome.setId("welcome");
        icons.stream().filter(i -> i.getWidth() >= 128).findFirst().ifPresent(img -> {
            ImageView v = new ImageView(img);
            v.setFitWidth(112);
            v.setFitHeight(112);
            welcome.getChildren().add(v);
        });
        Label title = new Label("DRBD Pilot");
        title.getStyleClass().addAll("title-1");
        Label text = new Label("No cluster is open. Clusters you add appear on the left, with the live state of every "
                + "DRBD resource.");
        text.setWrapText(true);
        text.setMaxWidth(460);
        text.getStyleClass().add("text-muted");
        welcome.getChildren().addAll(title, text);
        root = new StackPane(welcome);
        root.setId("workspace");
    }

    public Node node() {
        return root;
    }
}
