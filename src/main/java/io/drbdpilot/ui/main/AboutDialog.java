// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Help → About: what this is, which version, which runtime, and where its files are. */
public final class AboutDialog {

    public static final String TITLE = "About DRBD Pilot";

    private final Alert alert;

    public AboutDialog(Window owner, AboutInfo info) {
        alert = new Alert(Alert.AlertType.NONE);
        alert.initOwner(owner);
        alert.setTitle(TITLE);
        alert.setHeaderText("DRBD Pilot " + info.version());
        Label blurb = new Label("A console for DRBD-replicated storage clusters: live state of every resource, and "
                + "verified, step-by-step role switches and migrations.");
        blurb.setWrapText(true);
        blurb.setMaxWidth(440);
        TextArea details = new TextArea(info.detailsText());
        details.setEditable(false);
        details.setPrefRowCount(5);
        details.setId("about-details");
        VBox box = new VBox(10, blurb, details);
        box.setPadding(new Insets(4, 0, 0, 0));
        alert.getDialogPane().setContent(box);
        alert.getDialogPane().setId("about-dialog");
        info.icon().ifPresent(img -> {
            ImageView view = new ImageView(img);
            view.setFitWidth(64);
            view.setFitHeight(64);
            alert.setGraphic(view);
        });
        alert.getButtonTypes().setAll(new ButtonType("Close", ButtonBar.ButtonData.CANCEL_CLOSE));
    }

    public void showAndWait() {
        alert.showAndWait();
    }

    /** The dialog's version and runtime facts, kept apart so they can be checked without a toolkit. */
    public record AboutInfo(String version, String settingsFile, String logDir,
            Optional<Image> icon) {
        public String detailsText() {
            return "Version: " + version + "\n"
                    + "Java: " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")\n"
                    + "JavaFX: " + System.getProperty("javafx.runtime.version", "?") + "\n"
                    + "Settings: " + settingsFile + "\n"
                    + "Logs: " + logDir;
        }
    }
}
