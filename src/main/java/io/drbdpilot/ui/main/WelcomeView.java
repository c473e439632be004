// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The welcome page, shown while no cluster is open: what can be done, and the buttons to do it. */
public final class WelcomeView {

    private final StackPane root;

    /** @param connections opens the connection manager (true: start with an import) */
    public WelcomeView(List<Image> icons, Consumer<Boolean> connections) {
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
        Button imp = new Button("Import a cluster from one node…");
        imp.setId("welcome-import");
        imp.setDefaultButton(true);
        imp.setOnAction(e -> connections.accept(true));
        Button add = new Button("Connections…");
        add.setId("welcome-connections");
        add.setOnAction(e -> connections.accept(false));
        HBox buttons = new HBox(10, imp, add);
        buttons.setAlignment(Pos.CENTER);
        welcome.getChildren().addAll(title, text, buttons);
        root = new StackPane(welcome);
        root.setId("workspace");
    }

    public Node node() {
        return root;
    }
}
