// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.plan.Check;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The wizards' check list: a PASS/WARN/BLOCK badge, the title, the reason and the remedy, per check. */
final class CheckRows {

    private CheckRows() {
    }

    static void render(VBox into, List<Check> checks) {
        into.getChildren().clear();
        for (Check c : checks) {
            Label badge = new Label(c.status().name());
            badge.setMinWidth(56);
            badge.getStyleClass().add(switch (c.status()) {
                case PASS -> "success";
                case WARN -> "warning";
                case BLOCK -> "danger";
            });
            badge.setStyle("-fx-font-weight: bold");
            Label title = new Label(c.title());
            title.setStyle("-fx-font-weight: bold");
            Label reason = new Label(c.reason() + (c.remedy().isEmpty() ? "" : "\n→ " + c.remedy()));
            reason.setWrapText(true);
            VBox text = new VBox(2, title, reason);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox row = new HBox(10, badge, text);
            row.setId("check-" + c.id().replace('/', '-'));
            row.getProperties().put("status", c.status());
            into.getChildren().add(row);
        }
    }
}
