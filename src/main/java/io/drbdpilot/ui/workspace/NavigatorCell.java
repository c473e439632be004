// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import java.util.Locale;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** A navigator entry: a label with a coloured badge whose shape says the state too, or a spinner while connecting. */
final class NavigatorCell extends TreeCell<NavItem> {

    @Override
    protected void updateItem(NavItem item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            setText(null);
            setGraphic(null);
            setTooltip(null);
            setId(null);
            setAccessibleText(null);
            return;
        }
        setText(item.label());
        if (item.kind() == NavItem.Kind.MORE) {
            setGraphic(null);
            getStyleClass().add("text-muted");
            setTooltip(null);
            return;
        }
        getStyleClass().remove("text-muted");
        if (item.progress() >= 0) {
            ProgressIndicator p = new ProgressIndicator(item.progress() == 0 ? -1 : item.progress());
            p.setPrefSize(16, 16);
            p.getStyleClass().add("nav-progress");
            setGraphic(p);
        } else {
            // the shape says the state too, not the colour alone: a warning triangle, a danger sign, a cloud
            // crossed out for a node that cannot be read; otherwise what the entry is
            FontIcon icon = new FontIcon(switch (item.badgeClass()) {
                case "badge-danger" -> Material2AL.ERROR;
                case "badge-warning" -> Material2MZ.WARNING;
                case "badge-stale" -> Material2AL.CLOUD_OFF;
                default -> switch (item.kind()) {
                    case CLUSTER -> Material2AL.DEVICE_HUB;
                    case NODE -> Material2MZ.STORAGE;
                    default -> Material2MZ.SYNC_ALT;
                };
            });
            icon.getStyleClass().addAll("badge", item.badgeClass());
            setGraphic(icon);
            setAccessibleText(item.label() + ", " + item.badgeText());
        }
        setTooltip(new Tooltip(item.label() + "\n" + item.badgeText() + (item.note() == null ? ""
                : "\n" + item.note())));
        setId("nav-" + item.kind().name().toLowerCase(Locale.ROOT) + "-"
                + (item.resource() != null ? item.node() + "-" + item.resource()
                : item.node() != null ? item.node() : "cluster"));
    }
}
