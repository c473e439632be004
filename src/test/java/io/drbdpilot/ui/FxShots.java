// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.ui.diagram.PngWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import org.testfx.api.FxRobot;

/** What the TestFX tests share: a node looked up by id as its type, and a window's picture in target/screenshots. */
public final class FxShots {

    private FxShots() {
    }

    public static <T> T find(FxRobot robot, String id, Class<T> type) {
        return type.cast(robot.lookup(id).query());
    }

    /** The window that holds {@code anyNodeId}, as it is, in target/screenshots (the README's pictures come from there). */
    public static void snapshot(FxRobot robot, String anyNodeId, String name) throws Exception {
        Path png = Path.of("target", "screenshots", name);
        Files.createDirectories(png.getParent());
        Scene scene = robot.lookup(anyNodeId).query().getScene();
        AtomicReference<Exception> failed = new AtomicReference<>();
        robot.interact(() -> {
            try {
                PngWriter.write(scene.snapshot(null), png);
            } catch (Exception e) {
                failed.set(e);
            }
        });
        assertThat(failed.get()).isNull();
        assertThat(Files.size(png)).isGreaterThan(1000);
    }
}
