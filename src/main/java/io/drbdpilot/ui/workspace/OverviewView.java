// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.ClusterMatrix;
import io.drbdpilot.ui.theme.ThemeSupport;
import java.util.EnumMap;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.AccessibleRole;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Every resource (rows) on every node (columns) of one cluster as a heat map. Virtualised: only the cells in view are
 * drawn, so 1000 resources × 200 nodes scroll as smoothly as ten. Clicking a cell opens that resource on that node;
 * the arrow keys and Page Up/Down scroll.
 */
public final class OverviewView {

    static final double MIN_CELL = 13;
    static final double MAX_CELL = 30;
    static final double GUTTER = 150;
    static final double HEADER = 70;

    private static final Map<ClusterMatrix.Cell, Color> COLORS = new EnumMap<>(Map.of(
            ClusterMatrix.Cell.ABSENT, Color.TRANSPARENT,
            ClusterMatrix.Cell.OK, Color.web("#2da44e"),
            ClusterMatrix.Cell.PRIMARY, Color.web("#0969da"),
            ClusterMatrix.Cell.SYNC, Color.web("#1b9aaa"),
            ClusterMatrix.Cell.WARNING, Color.web("#d29922"),
            ClusterMatrix.Cell.DANGER, Color.web("#cf222e"),
            ClusterMatrix.Cell.STALE, Color.web("#8c959f"),
            ClusterMatrix.Cell.CONNECTING, Color.web("#d0d7de")));
    private static final Map<ClusterMatrix.Cell, String> NAMES = new EnumMap<>(Map.of(
            ClusterMatrix.Cell.ABSENT, "not on this node",
            ClusterMatrix.Cell.OK, "healthy Secondary",
            ClusterMatrix.Cell.PRIMARY, "healthy Primary",
            ClusterMatrix.Cell.SYNC, "resync or verify running",
            ClusterMatrix.Cell.WARNING, "warning",
            ClusterMatrix.Cell.DANGER, "danger",
            ClusterMatrix.Cell.STALE, "node unreachable (last known state)",
            ClusterMatrix.Cell.CONNECTING, "connecting"));

    private final WorkspaceViewModel vm;
    private final Canvas canvas = new Canvas();
    private final Pane area = new Pane(canvas);
    private final ScrollBar vbar = new ScrollBar();
    private final ScrollBar hbar = new ScrollBar();
    private final Label info = new Label("Point at a cell to see what it is; click it to open the resource.");
    private final FlowPane legend = new FlowPane(12, 4);
    private final BorderPane root = new BorderPane();
    private final Runnable opened;
    private ShownCluster watched;
    private ClusterMatrix matrix;
    private long draws;
    /** The cell size now: as large as fits (up to {@link #MAX_CELL}), so small clusters are not specks. */
    private double cell = MIN_CELL;
    /** The keyboard's cursor (row, column), -1 before the keyboard is used. */
    private int curRow = -1;
    private int curCol = -1;
    private boolean active = true;
    /** Something changed while the tab was hidden. */
    private boolean stale;

    /** @param opened called after a click selected a resource (to show its details) */
    public OverviewView(WorkspaceViewModel vm, Runnable opened) {
        this.vm = vm;
        this.opened = opened;
        root.setId("overview");
        area.setId("overview-area");
        area.setMinSize(0, 0);
        area.setFocusTraversable(true);
        canvas.widthProperty().bind(area.widthProperty());
        canvas.heightProperty().bind(area.heightProperty());
        canvas.widthProperty().addListener(o -> layoutBars());
        canvas.heightProperty().addListener(o -> layoutBars());
        vbar.setOrientation(Orientation.VERTICAL);
        vbar.valueProperty().addListener(o -> draw());
        hbar.valueProperty().addListener(o -> draw());
        area.setOnScroll(e -> {
            vbar.setValue(clamp(vbar, vbar.getValue() - e.getDeltaY()));
            hbar.setValue(clamp(hbar, hbar.getValue() - e.getDeltaX()));
        });
        // The keyboard walks the cells: arrows move a cursor (the view follows), Page Up/Down and Home/End jump,
        // Enter opens the resource; what the cursor is on is said in words (the info line, the accessible text).
        area.setOnKeyPressed(e -> {
            if (matrix == null || matrix.resources().isEmpty() || matrix.nodes().isEmpty()) {
                return;
            }
            int page = Math.max(1, (int) ((canvas.getHeight() - HEADER) / cell) - 1);
            int r = Math.max(curRow, 0);
            int c = Math.max(curCol, 0);
            switch (e.getCode()) {
                case DOWN -> r++;
                case UP -> r--;
                case PAGE_DOWN -> r += page;
                case PAGE_UP -> r -= page;
                case RIGHT -> c++;
                case LEFT -> c--;
                case HOME -> r = 0;
                case END -> r = matrix.resources().size() - 1;
                case ENTER, SPACE -> {
                    if (curRow >= 0) {
                        open(curRow, curCol);
                    }
                    e.consume();
                    return;
                }
                default -> {
                    return;
                }
            }
            moveCursor(r, c);
            e.consume();
        });
        area.setAccessibleRole(AccessibleRole.TEXT);
        area.setAccessibleText("Overview: every resource on every node. Use the arrow keys to walk the cells, "
                + "Enter to open one.");
        area.focusedProperty().addListener(o -> draw());
        area.setOnMouseMoved(e -> describe(e.getX(), e.getY()));
        area.setOnMouseClicked(e -> {
            area.requestFocus();
            Hit h = hit(e.getX(), e.getY());
            if (h != null) {
                vm.selectionProperty().set(new WorkspaceViewModel.Selection(matrix.cluster(), h.node, h.resource));
                opened.run();
            }
        });
        info.setId("overview-info");
        info.getStyleClass().add("text-muted");
        for (ClusterMatrix.Cell c : ClusterMatrix.Cell.values()) {
            if (c != ClusterMatrix.Cell.ABSENT) {
                Canvas r = new Canvas(14, 14); // the cell's colour and its mark, as in the map
                r.getGraphicsContext2D().setFill(COLORS.get(c));
                r.getGraphicsContext2D().fillRect(0, 0, 13, 13);
                CellMarks.mark(r.getGraphicsContext2D(), c, 0, 0, 14);
                HBox item = new HBox(4, r, new Label(NAMES.get(c)));
                item.setAlignment(Pos.CENTER_LEFT);
                legend.getChildren().add(item);
            }
        }
        BorderPane center = new BorderPane(area);
        center.setRight(vbar);
        center.setBottom(hbar);
        root.setCenter(center);
        VBox bottom = new VBox(4, info, legend);
        bottom.setPadding(new Insets(6, 8, 6, 8));
        root.setBottom(bottom);
        watched = new ShownCluster(vm, this::update);
        watched.start();
    }

    public Node node() {
        return root;
    }

    /** The matrix on screen, or null. */
    public ClusterMatrix matrix() {
        return matrix;
    }

    /** How often the map was drawn (for tests and the pulse bench). */
    public long draws() {
        return draws;
    }

    /** Draws again (after a theme change). */
    public void redraw() {
        draw();
    }

    private void update() {
        ClusterEntry e = watched == null ? null : watched.get(); // null while the constructor starts it
        matrix = e == null ? null : e.matrixProperty().get();
        layoutBars(); // and draws
    }

    /** Only the shown tab draws; a hidden one catches up when it is shown again. */
    public void setActive(boolean on) {
        active = on;
        if (on && stale) {
            draw();
        }
    }

    private void layoutBars() {
        int rows = matrix == null ? 0 : matrix.resources().size();
        int cols = matrix == null ? 0 : matrix.nodes().size();
        double fit = Math.min(rows == 0 ? MAX_CELL : (canvas.getHeight() - HEADER) / rows,
                cols == 0 ? MAX_CELL : (canvas.getWidth() - GUTTER) / cols);
        cell = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(fit)));
        double h = Math.max(0, rows * cell - (canvas.getHeight() - HEADER));
        double w = Math.max(0, cols * cell - (canvas.getWidth() - GUTTER));
        vbar.setMax(h);
        hbar.setMax(w);
        vbar.setVisibleAmount(Math.max(1, canvas.getHeight() - HEADER));
        hbar.setVisibleAmount(Math.max(1, canvas.getWidth() - GUTTER));
        vbar.setValue(clamp(vbar, vbar.getValue()));
        hbar.setValue(clamp(hbar, hbar.getValue()));
        vbar.setVisible(h > 0);
        hbar.setVisible(w > 0);
        draw();
    }

    private static double clamp(ScrollBar b, double v) {
        return Math.max(0, Math.min(b.getMax(), v));
    }

    private void draw() {
        if (!active) {
            stale = true;
            return;
        }
        stale = false;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        draws++;
        if (matrix == null) {
            return;
        }
        Color text = textColor();
        int rows = matrix.resources().size();
        int cols = matrix.nodes().size();
        int firstRow = (int) (vbar.getValue() / cell);
        int firstCol = (int) (hbar.getValue() / cell);
        double dy = vbar.getValue() - firstRow * cell;
        double dx = hbar.getValue() - firstCol * cell;
        int lastRow = Math.min(rows, firstRow + (int) Math.ceil((h - HEADER) / cell) + 1);
        int lastCol = Math.min(cols, firstCol + (int) Math.ceil((w - GUTTER) / cell) + 1);
        g.setFont(Font.font(11));
        g.setFill(text);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int r = firstRow; r < lastRow; r++) {
            double y = HEADER + (r - firstRow) * cell - dy;
            g.fillText(ellipsize(matrix.resources().get(r)), GUTTER - 6, y + cell / 2, GUTTER - 10);
            for (int c = firstCol; c < lastCol; c++) {
                ClusterMatrix.Cell state = matrix.cell(r, c);
                if (state != ClusterMatrix.Cell.ABSENT) {
                    double x = GUTTER + (c - firstCol) * cell - dx;
                    g.setFill(COLORS.get(state));
                    g.fillRect(x, y, cell - 1, cell - 1);
                    CellMarks.mark(g, state, x, y, cell);
                }
                if (r == curRow && c == curCol && area.isFocused()) {
                    g.setStroke(text);
                    g.setLineWidth(2);
                    g.strokeRect(GUTTER + (c - firstCol) * cell - dx - 1, y - 1, cell + 1, cell + 1);
                }
            }
            g.setFill(text);
        }
        g.clearRect(0, 0, w, HEADER);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(text);
        for (int c = firstCol; c < lastCol; c++) {
            double x = GUTTER + (c - firstCol) * cell - dx + cell / 2;
            g.save();
            g.translate(x, HEADER - 4);
            g.rotate(-60);
            g.fillText(ellipsize(matrix.nodes().get(c)), 0, 0, HEADER);
            g.restore();
        }
    }

    private Color textColor() {
        return ThemeSupport.isDark() ? Color.web("#c9d1d9") : Color.web("#24292f");
    }

    private static String ellipsize(String s) {
        return s.length() <= 22 ? s : s.substring(0, 21) + "…";
    }

    private record Hit(String resource, String node, ClusterMatrix.Cell cell) {
    }

    /** Puts the keyboard's cursor on a cell (clamped), scrolls it into view and says what it is. */
    void moveCursor(int row, int col) {
        curRow = Math.max(0, Math.min(matrix.resources().size() - 1, row));
        curCol = Math.max(0, Math.min(matrix.nodes().size() - 1, col));
        follow(vbar, curRow * cell, canvas.getHeight() - HEADER - cell);
        follow(hbar, curCol * cell, canvas.getWidth() - GUTTER - cell);
        String said = said(new Hit(matrix.resources().get(curRow), matrix.nodes().get(curCol),
                matrix.cell(curRow, curCol)));
        info.setText(said);
        area.setAccessibleText(said);
        draw();
    }

    /** Scrolls just enough that the span from {@code at} (one cell) is in the {@code visible} part. */
    private static void follow(ScrollBar bar, double at, double visible) {
        if (at < bar.getValue()) {
            bar.setValue(clamp(bar, at));
        } else if (at > bar.getValue() + visible) {
            bar.setValue(clamp(bar, at - visible));
        }
    }

    /** The cell the keyboard's cursor is on, as "resource on node: state", or null. */
    public String cursorText() {
        return curRow < 0 || matrix == null ? null : said(new Hit(matrix.resources().get(curRow),
                matrix.nodes().get(curCol), matrix.cell(curRow, curCol)));
    }

    private void open(int row, int col) {
        if (matrix.cell(row, col) == ClusterMatrix.Cell.ABSENT) {
            return;
        }
        vm.selectionProperty().set(new WorkspaceViewModel.Selection(matrix.cluster(), matrix.nodes().get(col),
                matrix.resources().get(row)));
        opened.run();
    }

    private static String said(Hit h) {
        return h.resource + " on " + h.node + ": " + NAMES.get(h.cell) + (h.cell == ClusterMatrix.Cell.ABSENT ? ""
                : " (Enter or a click opens it)");
    }

    private Hit hit(double x, double y) {
        if (matrix == null || x < GUTTER || y < HEADER) {
            return null;
        }
        int r = (int) ((y - HEADER + vbar.getValue()) / cell);
        int c = (int) ((x - GUTTER + hbar.getValue()) / cell);
        if (r < 0 || c < 0 || r >= matrix.resources().size() || c >= matrix.nodes().size()) {
            return null;
        }
        return new Hit(matrix.resources().get(r), matrix.nodes().get(c), matrix.cell(r, c));
    }

    private void describe(double x, double y) {
        Hit h = hit(x, y);
        if (h != null) {
            info.setText(said(h));
        }
    }

    /** Scrolls so a resource row is in view (keyboard users reach it from the navigator). */
    public void reveal(String resource) {
        if (matrix != null) {
            int row = matrix.rowOf(resource);
            if (row >= 0) {
                vbar.setValue(clamp(vbar, row * cell - cell * 3));
            }
        }
    }
}
