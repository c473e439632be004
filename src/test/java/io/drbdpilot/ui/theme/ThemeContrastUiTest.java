// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.theme;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.settings.Theme;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Line;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The contrast check of both themes (issue 23, part 6): every text that carries a state (the map's and the diagram's
 * boxes and labels, findings, muted text, the SIMULATED tag) against the background it is drawn on, as the themes
 * really resolve them, meets WCAG's 4.5:1 for text; the map's lines meet 3:1 against the map (WCAG 1.4.11, graphics
 * that carry meaning).
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class ThemeContrastUiTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void light(FxRobot robot) {
        robot.interact(() -> ThemeSupport.apply(Theme.LIGHT));
    }

    /** One text to check: built from style classes and pseudo-classes as the views build it. */
    private record Sample(String what, Region box, Label text) {
    }

    private static Label label(String text, String... classes) {
        Label l = new Label(text);
        l.getStyleClass().addAll(classes);
        return l;
    }

    private static Region box(String styleClass, String pseudo, Node... kids) {
        VBox b = new VBox(kids);
        b.getStyleClass().add(styleClass);
        if (pseudo != null) {
            b.pseudoClassStateChanged(PseudoClass.getPseudoClass(pseudo), true);
        }
        return b;
    }

    private static Label pseudo(Label l, String pseudo) {
        l.pseudoClassStateChanged(PseudoClass.getPseudoClass(pseudo), true);
        return l;
    }

    private List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (String look : List.of("ok", "sync", "warning", "stale", "danger")) {
            Label health = label("1 degraded", "map-node-health");
            Label muted = label("DRBD 9.2.12", "text-muted");
            out.add(new Sample("map box " + look + ", its health", box("map-node", look, health, muted), health));
            out.add(new Sample("map box " + look + ", its versions", box("map-node", look, health, muted), muted));
            Label link = pseudo(label("3 ok", "map-link-label"), look);
            out.add(new Sample("map line label " + look, link, link));
        }
        Label disk = label("Inconsistent", "diagram-node-disk");
        out.add(new Sample("diagram box degraded, its disk", box("diagram-node", "degraded", disk), disk));
        Label role = label("Primary", "diagram-node-role");
        out.add(new Sample("diagram box Primary, its role", box("diagram-node", "primary", role), role));
        Label linkLabel = label("Connecting", "diagram-link-label");
        out.add(new Sample("diagram link label", linkLabel, linkLabel));
        Label tag = label("SIMULATED", "simulated-tag");
        out.add(new Sample("the SIMULATED tag", tag, tag));
        for (String f : List.of("finding-danger", "finding-warning")) {
            Label l = label("Split brain", f);
            out.add(new Sample(f, box("plain", null, l), l));
        }
        Label note = label("Click a node or a line", "text-muted");
        out.add(new Sample("muted text on the map", box("cluster-map", null, note), note));
        return out;
    }

    @Test
    void everyStateTextAndTheMapsLinesAreReadableInBothThemes(FxRobot robot) {
        List<String> low = new ArrayList<>();
        List<String> report = new ArrayList<>();
        for (Theme theme : Theme.values()) {
            robot.interact(() -> {
                ThemeSupport.apply(theme);
                List<Sample> ss = samples();
                VBox all = new VBox(4);
                ss.forEach(s -> all.getChildren().add(s.box()));
                List<Line> lines = new ArrayList<>();
                all.getChildren().add(lines("cluster-map", "map-link", List.of("ok", "sync", "warning", "stale",
                        "danger"), lines));
                all.getChildren().add(lines("resource-diagram", "diagram-link", List.of("connected", "connecting",
                        "standalone"), lines));
                StackPane root = new StackPane(all);
                root.getStyleClass().add("root-bg");
                Scene scene = new Scene(root, 400, 900);
                scene.getStylesheets().add(Objects.requireNonNull(ThemeContrastUiTest.class.getResource(
                        "/io/drbdpilot/ui/app.css")).toExternalForm());
                stage.setScene(scene);
                stage.show();
                root.applyCss();
                root.layout();
                Color page = opaque(root, null);
                for (Sample s : ss) {
                    Color bg = opaque(s.text(), page);
                    Color fg = composite((Color) s.text().getTextFill(), bg).deriveColor(0, 1, 1,
                            s.text().getOpacity() * s.box().getOpacity());
                    fg = composite(fg, bg);
                    double ratio = ratio(fg, bg);
                    String line = String.format(Locale.ROOT, "%s, %s: %s on %s = %.2f", theme, s.what(), hex(fg),
                            hex(bg), ratio);
                    report.add(line);
                    if (ratio < 4.5) {
                        low.add(line);
                    }
                }
                for (Line l : lines) {
                    Color mapBg = opaque(l.getParent(), page);
                    Paint p = l.getStroke();
                    Color c = composite((Color) p, mapBg);
                    double ratio = ratio(c, mapBg);
                    String line = String.format(Locale.ROOT, "%s, %s %s: %s on %s = %.2f", theme,
                            l.getStyleClass(), l.getPseudoClassStates().stream().filter(x -> !x.toString()
                                    .contains("child")).toList(), hex(c), hex(mapBg), ratio);
                    report.add(line);
                    if (ratio < 3) {
                        low.add(line);
                    }
                }
            });
        }
        report.forEach(System.out::println);
        assertThat(report).hasSizeGreaterThan(40);
        assertThat(low).as("texts under 4.5:1 and lines under 3:1").isEmpty();
    }

    /** A background of {@code area}'s class holding one line of {@code lineClass} per look, each added to {@code out}. */
    private static Region lines(String area, String lineClass, List<String> looks, List<Line> out) {
        VBox box = (VBox) box(area, null);
        for (String look : looks) {
            Line l = new Line(0, 0, 40, 0);
            l.getStyleClass().add(lineClass);
            l.pseudoClassStateChanged(PseudoClass.getPseudoClass(look), true);
            out.add(l);
            box.getChildren().add(l);
        }
        return box;
    }

    /** The opaque colour behind a node: its own and its parents' backgrounds, composited from the page up. */
    private static Color opaque(Node n, Color page) {
        List<Region> chain = new ArrayList<>();
        for (Node p = n; p != null; p = p.getParent()) {
            if (p instanceof Region r) {
                chain.add(0, r);
            }
        }
        Color c = page != null ? page : Color.WHITE;
        if (page == null && n.getScene() != null && n.getScene().getFill() instanceof Color f) {
            c = composite(f, Color.WHITE);
        }
        for (Region r : chain) {
            Background b = r.getBackground();
            if (b == null) {
                continue;
            }
            for (BackgroundFill f : b.getFills()) {
                if (f.getFill() instanceof Color fc) {
                    c = composite(fc, c);
                }
            }
        }
        return c;
    }

    private static Color composite(Color top, Color under) {
        double a = top.getOpacity();
        return Color.color(top.getRed() * a + under.getRed() * (1 - a), top.getGreen() * a + under.getGreen() * (1 - a),
                top.getBlue() * a + under.getBlue() * (1 - a));
    }

    static double ratio(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * lin(c.getRed()) + 0.7152 * lin(c.getGreen()) + 0.0722 * lin(c.getBlue());
    }

    private static double lin(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }
}
