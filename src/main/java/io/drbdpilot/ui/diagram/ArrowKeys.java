// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.diagram;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.input.KeyEvent;

/**
 * The arrow keys walk a picture's parts (a diagram's boxes and links, a map's nodes and lines) as Tab does, without
 * leaving it: Right and Down to the next, Left and Up to the previous, round at the ends; Home and End to the first and
 * the last.
 */
public final class ArrowKeys {

    private ArrowKeys() {
    }

    public static void install(Parent picture) {
        picture.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            int step = switch (e.getCode()) {
                case RIGHT, DOWN, KP_RIGHT, KP_DOWN -> 1;
                case LEFT, UP, KP_LEFT, KP_UP -> -1;
                case HOME -> Integer.MIN_VALUE;
                case END -> Integer.MAX_VALUE;
                default -> 0;
            };
            if (step == 0) {
                return;
            }
            List<Node> parts = parts(picture);
            if (parts.isEmpty()) {
                return;
            }
            int at = -1;
            for (int i = 0; i < parts.size(); i++) {
                if (parts.get(i).isFocused()) {
                    at = i;
                }
            }
            if (at < 0 && step != Integer.MIN_VALUE && step != Integer.MAX_VALUE) {
                return; // focus is elsewhere: the keys are not ours
            }
            int next = step == Integer.MIN_VALUE ? 0 : step == Integer.MAX_VALUE ? parts.size() - 1
                    : Math.floorMod(at + step, parts.size());
            parts.get(next).requestFocus();
            e.consume();
        });
    }

    /** The focusable, visible parts in the picture's own order. */
    static List<Node> parts(Parent p) {
        List<Node> out = new ArrayList<>();
        collect(p, out);
        return out;
    }

    private static void collect(Parent p, List<Node> out) {
        for (Node n : p.getChildrenUnmodifiable()) {
            if (!n.isVisible() || n.isDisabled()) {
                continue;
            }
            if (n.isFocusTraversable()) {
                out.add(n);
            } else if (n instanceof Parent q) {
                collect(q, out);
            }
        }
    }
}
