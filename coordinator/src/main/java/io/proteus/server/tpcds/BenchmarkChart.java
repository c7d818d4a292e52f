package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws a benchmark as a PNG bar chart: one row per query that both engines ran, Proteus' and DuckDB's median times
 * side by side, on a logarithmic time axis when the times span more than two orders of magnitude.
 */
public final class BenchmarkChart {

    private static final Color PROTEUS_COLOR = new Color(0x1f77b4);
    private static final Color DUCKDB_COLOR = new Color(0xff7f0e);
    private static final int WIDTH = 1100;
    private static final int ROW_HEIGHT = 26;
    private static final int MARGIN_HEIGHT = 190;
    private static final double LOG_AXIS_SPREAD = 100;

    private BenchmarkChart() {}

    /** Writes the chart of a report to a PNG file. */
    public static void writePng(BenchmarkReport report, Path file) throws IOException {
        requireNonNull(report, "report");
        requireNonNull(file, "file");
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<QueryBenchmark> compared = report.queries().stream().filter(QueryBenchmark::comparable).toList();
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        double smallest = Double.MAX_VALUE;
        double largest = 0;
        for (QueryBenchmark query : compared) {
            double proteus = query.proteus().medianSeconds().orElseThrow();
            double duckdb = query.duckdb().medianSeconds().orElseThrow();
            dataset.addValue(proteus, "Proteus", "Q" + query.query());
            dataset.addValue(duckdb, "DuckDB", "Q" + query.query());
            smallest = Math.min(smallest, Math.min(proteus, duckdb));
            largest = Math.max(largest, Math.max(proteus, duckdb));
        }

        ValueAxis timeAxis;
        double base = 0;
        if (!compared.isEmpty() && smallest > 0 && largest / smallest > LOG_AXIS_SPREAD) {
            LogAxis logAxis = new LogAxis("median seconds (log scale)");
            double lower = Math.pow(10, Math.floor(Math.log10(smallest)));
            double upper = Math.pow(10, Math.ceil(Math.log10(largest)));
            logAxis.setRange(lower, upper);
            logAxis.setSmallestValue(lower);
            // A labelled tick at every power of ten (0.01, 0.1, 1, 10), unlabelled ones in between.
            logAxis.setTickUnit(new NumberTickUnit(1.0, new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)), 9));
            logAxis.setNumberFormatOverride(new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            logAxis.setMinorTickMarksVisible(true);
            timeAxis = logAxis;
            base = lower;
        } else {
            NumberAxis numberAxis = new NumberAxis("median seconds");
            numberAxis.setAutoRangeIncludesZero(true);
            timeAxis = numberAxis;
        }
        CategoryAxis queryAxis = new CategoryAxis("TPC-DS query");
        queryAxis.setCategoryMargin(0.25);
        queryAxis.setLowerMargin(0.01);
        queryAxis.setUpperMargin(0.01);

        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.0);
        renderer.setBase(base);
        renderer.setSeriesPaint(0, PROTEUS_COLOR);
        renderer.setSeriesPaint(1, DUCKDB_COLOR);

        CategoryPlot plot = new CategoryPlot(dataset, queryAxis, timeAxis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlineStroke(new BasicStroke(0.5f));
        plot.setNoDataMessage("No query ran on both engines");

        JFreeChart chart = new JFreeChart(
                String.format(Locale.ROOT, "TPC-DS %s: Proteus vs DuckDB, median of %d %s", report.scale(),
                        report.runs(), report.runs() == 1 ? "run" : "runs"),
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle(report.ratio(), report.queries().size() - compared.size()),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);

        int height = MARGIN_HEIGHT + ROW_HEIGHT * Math.max(4, compared.size());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, height);
    }

    private static String subtitle(BenchmarkReport.Ratio ratio, int excluded) {
        if (ratio.value().isEmpty()) {
            return "No query ran on both engines";
        }
        return String.format(Locale.ROOT, "Proteus/DuckDB total: %.2fx (%s / %s) over the %d queries both ran%s",
                ratio.value().getAsDouble(), Formatting.seconds(ratio.proteusSeconds()),
                Formatting.seconds(ratio.duckdbSeconds()), ratio.compared().size(),
                excluded == 0 ? "" : String.format(Locale.ROOT, "; %d not shown (failed on an engine or wrong on Proteus)", excluded));
    }
}
