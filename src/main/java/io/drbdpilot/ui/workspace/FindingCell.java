// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.Severity;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** A finding as a wrapping label as wide as the list, so long explanations are never cut off. */
final class FindingCell extends ListCell<Finding> {
    private final Label what = new Label();
    private final Label next = new Label();
    private final VBox box = new VBox(2, what, next);

    FindingCell(ListView<Finding> list) {
        for (Label l : List.of(what, next)) {
            l.setWrapText(true);
            l.maxWidthProperty().bind(list.widthProperty().subtract(40));
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        next.getStyleClass().add("text-muted");
        next.setPadding(new Insets(0, 0, 0, 24));
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(Finding f, boolean empty) {
        super.updateItem(f, empty);
        what.getStyleClass().removeAll("finding-danger", "finding-warning");
        if (empty || f == null) {
            setGraphic(null);
            return;
        }
        what.setText(f.severity() + "  " + f.resource() + ": " + f.explanation());
        next.setText("→ " + f.nextStep());
        if (f.severity() == Severity.DANGER) {
            what.getStyleClass().add("finding-danger");
        } else if (f.severity() == Severity.WARNING) {
            what.getStyleClass().add("finding-warning");
        }
        setGraphic(box);
    }
}
