// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.settings.WindowGeometry;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The main window's place on the screen: restored from the settings (only where a screen still shows its title bar),
 * else the default size centred; and its normal (not maximized) bounds followed, to be saved on close.
 */
final class WindowPlacement {

    private final Stage stage;
    private Rectangle2D normalBounds;

    private WindowPlacement(Stage stage) {
        this.stage = stage;
    }

    static WindowPlacement restore(Stage s, Optional<WindowGeometry> saved, double width, double height) {
        Optional<WindowGeometry> usable = saved.filter(WindowPlacement::onSomeScreen);
        if (usable.isPresent()) {
            WindowGeometry g = usable.get();
            s.setX(g.x());
            s.setY(g.y());
            s.setWidth(g.width());
            s.setHeight(g.height());
            s.setMaximized(g.maximized());
        } else {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            s.setWidth(Math.min(width, screen.getWidth()));
            s.setHeight(Math.min(height, screen.getHeight()));
            s.centerOnScreen();
        }
        WindowPlacement p = new WindowPlacement(s);
        p.track();
        return p;
    }

    /** A window saved on a monitor that is gone would open off-screen; at least its title bar must be visible. */
    private static boolean onSomeScreen(WindowGeometry g) {
        return !Screen.getScreensForRectangle(g.x(), g.y(), Math.min(g.width(), 200), 40).isEmpty();
    }

    private void track() {
        Runnable remember = () -> {
            if (!stage.isMaximized() && !stage.isIconified() && Double.isFinite(stage.getX())
                    && Double.isFinite(stage.getWidth())) {
                normalBounds = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
            }
        };
        stage.xProperty().addListener(o -> remember.run());
        stage.yProperty().addListener(o -> remember.run());
        stage.widthProperty().addListener(o -> remember.run());
        stage.heightProperty().addListener(o -> remember.run());
        Platform.runLater(remember);
    }

    /** The bounds to save: the normal ones, with whether the window is maximized. */
    WindowGeometry current() {
        Rectangle2D b = normalBounds != null ? normalBounds
                : new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        return new WindowGeometry(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight(), stage.isMaximized());
    }
}
