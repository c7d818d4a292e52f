package io.proteus.server.paper;

import static java.util.Objects.requireNonNull;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the paper figures as PNG files: {@code fig4.png} with its four panels (time and cost against the small table's
 * size, time against the cluster size, time per placement and key distribution) and {@code fig7.png} with grouped bars
 * of time and cost per TPC-DS scale and strategy, and {@code fig8.png} with the slot allocation per second of a query
 * sharing the cluster with background functions, and alone.
 */
public final class PaperCharts {

    private static final int PANEL_WIDTH = 620;
    private static final int PANEL_HEIGHT = 420;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Map<String, Color> COLORS = Map.of(
            "static-hash", new Color(0x1f77b4),
            "static-merge", new Color(0xff7f0e),
            "dynamic", new Color(0x2ca02c),
            "round-robin", new Color(0x9467bd),
            "pack", new Color(0x8c564b));
    private static final Map<String, String> LABELS = Map.of(
            "static-hash", "hash join (S-H)",
            "static-merge", "sort-merge join (S-M)",
            "dynamic", "DYN",
            "round-robin", "round-robin",
            "pack", "packing");

    private PaperCharts() {}

    /** Writes {@code fig4.png}: the four panels of Fig. 4 in a 2 x 2 grid. */
    public static void writeFig4(PaperReport report, Path file) throws IOException {
        requireNonNull(report, "report");
        requireNonNull(file, "file");
        List<PaperResult> sizes = report.fig4().stream().filter(result -> result.experiment().equals("size")).toList();
        List<PaperResult> workers = report.fig4().stream().filter(result -> result.experiment().startsWith("workers-")).toList();
        List<PaperResult> placements = report.fig4().stream().filter(result -> result.experiment().startsWith("placement-")).toList();
        String clusterSize = workers.isEmpty() ? "" : workers.getFirst().dataSize() + " MB small table";
        String placementSize = placements.isEmpty() ? "" : placements.getFirst().dataSize() + " MB small table";
        List<JFreeChart> panels = List.of(
                lines("(a) completion time", "small table (MB)", "median seconds",
                        sizes, result -> Double.parseDouble(result.dataSize()), PaperResult::seconds),
                lines("(b) resource cost", "small table (MB)", "median slot-seconds",
                        sizes, result -> Double.parseDouble(result.dataSize()), PaperResult::cost),
                lines("(c) completion time by cluster size, " + clusterSize, "workers", "median seconds",
                        workers, result -> Double.parseDouble(result.experiment().substring("workers-".length())),
                        PaperResult::seconds),
                bars("(d) placement, shuffled join, " + placementSize, "join key distribution", "median seconds",
                        placements, result -> result.experiment().substring("placement-".length()), PaperResult::seconds));
        write(panels, 2, String.format(Locale.ROOT, "Fig. 4: hash vs sort-merge join, median of at least %d runs", report.runs()), file);
    }

    /** Writes {@code fig7.png}: time and cost per TPC-DS scale factor, grouped by strategy. */
    public static void writeFig7(PaperReport report, Path file) throws IOException {
        requireNonNull(report, "report");
        requireNonNull(file, "file");
        List<JFreeChart> panels = List.of(
                bars("completion time", "TPC-DS scale factor", "median seconds", report.fig7(),
                        result -> "SF " + result.dataSize(), PaperResult::seconds),
                bars("resource cost", "TPC-DS scale factor", "median slot-seconds", report.fig7(),
                        result -> "SF " + result.dataSize(), PaperResult::cost));
        String verdict = report.dynamicComparisons().isEmpty() ? ""
                : "; DYN within 5% of the best static everywhere: " + (report.dynamicWithinTolerance() ? "yes" : "no");
        write(panels, 2, String.format(Locale.ROOT, "Fig. 7: MapReduce x2 + join, median of at least %d runs%s",
                report.runs(), verdict), file);
    }

    /**
     * Writes {@code fig8.png}: the slot allocation per second (query, background, idle slots stacked) of the shared run
     * and of the run alone, with the query's time marked.
     */
    public static void writeFig8(SharingReport report, Path file) throws IOException {
        requireNonNull(report, "report");
        requireNonNull(file, "file");
        List<JFreeChart> panels = List.of(
                slots(String.format(Locale.ROOT, "(a) %s with %d background chains: %.2f s", report.settings().query(),
                        report.settings().chains(), report.sharedSeconds().getLast()), report.sharedTimeline(),
                        report.sharedQueryWindow()),
                slots(String.format(Locale.ROOT, "(b) %s alone: %.2f s", report.settings().query(),
                        report.aloneSeconds().getLast()), report.aloneTimeline(), report.aloneQueryWindow()));
        write(panels, 2, String.format(Locale.ROOT, "Fig. 8: sharing slots, TPC-DS %s at %s; median slowdown %+.1f%%",
                report.settings().query(), report.settings().scale().schema(), report.slowdown() * 100), file);
    }

    private static JFreeChart slots(String title, List<io.proteus.server.cluster.SlotSample> timeline, double[] queryWindow) {
        org.jfree.data.xy.DefaultTableXYDataset dataset = new org.jfree.data.xy.DefaultTableXYDataset();
        XYSeries query = new XYSeries("query slots", false, false);
        XYSeries background = new XYSeries("background slots", false, false);
        XYSeries idle = new XYSeries("idle slots", false, false);
        java.time.Instant first = timeline.isEmpty() ? null : timeline.getFirst().time();
        for (io.proteus.server.cluster.SlotSample sample : timeline) {
            // Each sample is the average over its second: a bar from the second's start to its end.
            double second = java.time.Duration.between(first, sample.time()).toSeconds();
            query.add(second, sample.querySlots());
            background.add(second, sample.backgroundSlots());
            idle.add(second, sample.idleSlots());
        }
        dataset.addSeries(query);
        dataset.addSeries(background);
        dataset.addSeries(idle);
        dataset.setIntervalWidth(1.0);
        dataset.setIntervalPositionFactor(0.0);
        org.jfree.chart.renderer.xy.StackedXYBarRenderer renderer = new org.jfree.chart.renderer.xy.StackedXYBarRenderer(0.0);
        renderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesPaint(1, new Color(0xff7f0e));
        renderer.setSeriesPaint(2, new Color(0xdddddd));
        NumberAxis xAxis = new NumberAxis("second");
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis yAxis = new NumberAxis("slots (average over the second)");
        yAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setNoDataMessage("not measured");
        org.jfree.chart.plot.IntervalMarker marker = new org.jfree.chart.plot.IntervalMarker(queryWindow[0], queryWindow[1]);
        marker.setPaint(new Color(0, 0, 0, 0));
        marker.setOutlinePaint(Color.BLACK);
        marker.setOutlineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        marker.setLabel("query");
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        plot.addDomainMarker(marker, org.jfree.chart.ui.Layer.FOREGROUND);
        return chart(title, plot);
    }

    private static JFreeChart lines(String title, String xLabel, String yLabel, List<PaperResult> results,
            ToDoubleFunction<PaperResult> x, ToDoubleFunction<PaperResult> y) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (String strategy : results.stream().map(PaperResult::strategy).distinct().toList()) {
            XYSeries series = new XYSeries(LABELS.getOrDefault(strategy, strategy));
            results.stream().filter(result -> result.strategy().equals(strategy))
                    .forEach(result -> series.add(x.applyAsDouble(result), y.applyAsDouble(result)));
            renderer.setSeriesPaint(dataset.getSeriesCount(), COLORS.getOrDefault(strategy, Color.DARK_GRAY));
            renderer.setSeriesStroke(dataset.getSeriesCount(), new BasicStroke(2f));
            dataset.addSeries(series);
        }
        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setAutoRangeIncludesZero(false);
        if (results.stream().allMatch(result -> x.applyAsDouble(result) == Math.rint(x.applyAsDouble(result)))) {
            xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        NumberAxis yAxis = new NumberAxis(yLabel);
        yAxis.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setNoDataMessage("not measured");
        return chart(title, plot);
    }

    private static JFreeChart bars(String title, String categoryLabel, String valueLabel, List<PaperResult> results,
            Function<PaperResult, String> category, ToDoubleFunction<PaperResult> value) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        List<String> strategies = results.stream().map(PaperResult::strategy).distinct().toList();
        for (int index = 0; index < strategies.size(); index++) {
            renderer.setSeriesPaint(index, COLORS.getOrDefault(strategies.get(index), Color.DARK_GRAY));
        }
        for (PaperResult result : results) {
            dataset.addValue(value.applyAsDouble(result), LABELS.getOrDefault(result.strategy(), result.strategy()),
                    category.apply(result));
        }
        NumberAxis valueAxis = new NumberAxis(valueLabel);
        valueAxis.setAutoRangeIncludesZero(true);
        CategoryPlot plot = new CategoryPlot(dataset, new CategoryAxis(categoryLabel), valueAxis, renderer);
        plot.setNoDataMessage("not measured");
        return chart(title, plot);
    }

    private static JFreeChart chart(String title, Plot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xyPlot) {
            xyPlot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            xyPlot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        } else if (plot instanceof CategoryPlot categoryPlot) {
            categoryPlot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    /** Draws the panels into one image, {@code columns} per row, under a title. */
    private static void write(List<JFreeChart> panels, int columns, String title, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        int titleHeight = 40;
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(PANEL_WIDTH * columns, titleHeight + PANEL_HEIGHT * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.setColor(Color.BLACK);
            graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            int titleWidth = graphics.getFontMetrics().stringWidth(title);
            graphics.drawString(title, Math.max(5, (image.getWidth() - titleWidth) / 2), titleHeight - 12);
            for (int index = 0; index < panels.size(); index++) {
                int x = (index % columns) * PANEL_WIDTH;
                int y = titleHeight + (index / columns) * PANEL_HEIGHT;
                panels.get(index).draw(graphics, new Rectangle2D.Double(x + 5, y + 5, PANEL_WIDTH - 10, PANEL_HEIGHT - 10));
            }
        } finally {
            graphics.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
