package io.proteus.server.cli;

import io.proteus.server.LocalClusterConfig;
import io.proteus.server.paper.PaperBenchmark;
import io.proteus.server.paper.PaperCharts;
import io.proteus.server.paper.PaperReport;
import io.proteus.server.paper.PaperSettings;
import io.proteus.server.tpcds.QueryRunner;
import io.proteus.server.tpcds.TpcdsScale;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code proteus bench paper}: the paper's Fig. 4 and Fig. 7 experiments, scaled to this machine. */
@Command(name = "paper", mixinStandardHelpOptions = true,
        description = {
            "Reproduce the experiments of 'Making Serverless Computing Extensible: A Case Study of Serverless Data "
                    + "Analytics' on embedded clusters, scaled down 4x (see docs/paper-experiments.md).",
            "Fig. 4: hash vs sort-merge join of a large synthetic table with small ones: time and slot-seconds against "
                    + "the small table's size, time against the cluster size (restarted per size), and packing vs "
                    + "round-robin placement under uniform and Pareto join keys.",
            "Fig. 7: a TPC-DS sub-query of two MapReduce phases and a join at three scale factors under S-M "
                    + "(static-merge), S-H (static-hash) and DYN (dynamic); all must return the same rows.",
            "Writes DIR/fig4.csv (experiment,data_size,strategy,seconds,cost), DIR/fig7.csv "
                    + "(data_size,strategy,seconds,cost), DIR/fig4.png and DIR/fig7.png: medians over --runs "
                    + "alternating runs after a warm-up."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the experiments ran and every configuration returned the same rows",
            "1:a query failed or configurations returned different rows", "2:invalid options"})
final class PaperCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write the CSV files and plots.")
    Path outputDirectory;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Measured runs per configuration and point, after one warm-up run (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--min-seconds", paramLabel = "SECONDS", defaultValue = "10",
            description = "Go on measuring past --runs until each configuration of a point ran this long in total, "
                    + "at most " + PaperSettings.MAXIMUM_RUNS + " rounds (default ${DEFAULT-VALUE}; 0 for exactly --runs).")
    double minimumSeconds;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where generated tables are cached (default ~/.proteus/data).")
    Path dataDirectory;

    @Option(names = "--large-mb", paramLabel = "MB", defaultValue = "100",
            description = "Fig. 4: size of the large table (default ${DEFAULT-VALUE}; the paper: 400).")
    double largeMegabytes;

    @Option(names = "--small-mb", paramLabel = "MB,...", split = ",", defaultValue = "2.5,5,10,15,20,25",
            description = "Fig. 4(a, b): sizes of the small tables (default ${DEFAULT-VALUE}; the paper: 10 to 100).")
    List<Double> smallMegabytes;

    @Option(names = "--cluster-small-mb", paramLabel = "MB", defaultValue = "10",
            description = "Fig. 4(c): the small table's size across cluster sizes (default ${DEFAULT-VALUE}).")
    double clusterSmallMegabytes;

    @Option(names = "--workers", paramLabel = "N,...", split = ",", defaultValue = "1,2,4",
            description = "Fig. 4(c): cluster sizes (default ${DEFAULT-VALUE}); Fig. 4(d) runs on the largest.")
    List<Integer> workerCounts;

    @Option(names = "--placement-small-mb", paramLabel = "MB", defaultValue = "25",
            description = "Fig. 4(d): the small table's size (default ${DEFAULT-VALUE}).")
    double placementSmallMegabytes;

    @Option(names = "--sf", paramLabel = "SCALE,...", split = ",", defaultValue = "0.1,0.5,1",
            converter = TpcdsOptions.ScaleConverter.class,
            description = "Fig. 7: TPC-DS scale factors or schema names (default ${DEFAULT-VALUE}).")
    List<TpcdsScale> scales;

    @Option(names = "--slots", paramLabel = "N", description = "Function slots per worker (default: number of cores).")
    Integer slots;

    @Option(names = "--timeout-seconds", paramLabel = "SECONDS", defaultValue = "300",
            description = "Fail the benchmark when one query runs longer (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        PaperSettings settings;
        try {
            settings = new PaperSettings(dataDirectory != null ? dataDirectory : LocalClusterConfig.defaults().dataDirectory(),
                    runs, minimumSeconds, largeMegabytes, smallMegabytes, clusterSmallMegabytes, workerCounts, placementSmallMegabytes, scales,
                    slots != null ? slots : LocalClusterConfig.defaults().slotsPerWorker(), Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage());
        }
        if (timeoutSeconds < 0) {
            throw new ParameterException(commandLine, "--timeout-seconds must not be negative, not " + timeoutSeconds);
        }
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        Files.createDirectories(outputDirectory);
        out.printf(Locale.ROOT, "Paper experiments: Fig. 4 joins a %s MB table with %s MB tables on %s workers; Fig. 7 at "
                        + "TPC-DS scales %s; at least %d measured %s per point after a warm-up, more until each configuration ran %s s%n",
                PaperBenchmark.megabytesLabel(largeMegabytes),
                String.join(", ", smallMegabytes.stream().map(PaperBenchmark::megabytesLabel).toList()),
                String.join(", ", workerCounts.stream().map(String::valueOf).toList()),
                String.join(", ", scales.stream().map(scale -> PaperBenchmark.megabytesLabel(scale.scaleFactor())).toList()),
                runs, runs == 1 ? "run" : "runs", PaperBenchmark.megabytesLabel(minimumSeconds));
        out.flush();
        PaperReport report;
        PaperBenchmark benchmark;
        try (QueryRunner queryRunner = new QueryRunner(settings.timeout())) {
            benchmark = new PaperBenchmark(settings, queryRunner, out);
            report = benchmark.run();
        } catch (SQLException e) {
            err.println("proteus bench paper: " + e.getMessage());
            return 1;
        }
        report.writeCsv(outputDirectory);
        Path fig4 = outputDirectory.resolve("fig4.png");
        Path fig7 = outputDirectory.resolve("fig7.png");
        PaperCharts.writeFig4(report, fig4);
        PaperCharts.writeFig7(report, fig7);
        out.println();
        report.summaryLines().forEach(out::println);
        out.println();
        report.comparisonLines().forEach(out::println);
        if (!benchmark.mismatches().isEmpty()) {
            out.println("Configurations that returned different rows: " + benchmark.mismatches().size());
        }
        out.println("Wrote " + outputDirectory.resolve("fig4.csv") + ", " + outputDirectory.resolve("fig7.csv") + ", " + fig4
                + " and " + fig7);
        out.flush();
        return benchmark.mismatches().isEmpty() ? 0 : 1;
    }
}
