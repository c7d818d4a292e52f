package io.proteus.server.cli;

import io.proteus.server.LocalClusterConfig;
import io.proteus.server.paper.PaperCharts;
import io.proteus.server.paper.SharingBenchmark;
import io.proteus.server.paper.SharingReport;
import io.proteus.server.paper.SharingSettings;
import io.proteus.server.tpcds.QueryRunner;
import io.proteus.server.tpcds.TpcdsScale;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code proteus bench sharing}: the paper's Fig. 8, a TPC-DS query sharing the cluster with background functions. */
@Command(name = "sharing", mixinStandardHelpOptions = true,
        description = {
            "Reproduce the paper's Fig. 8 on an embedded cluster: a TPC-DS query runs alone and co-running with chains of "
                    + "background functions (deflate -> inflate -> sha256 over random bytes, from the example plugin), "
                    + "alternately, after a warm-up. The global controller gives the query's tasks the slots first and "
                    + "lets the background functions fill the idle ones (see docs/background-functions.md).",
            "Writes DIR/fig8.csv (second,query_slots,background_slots,idle_slots of the last shared run), "
                    + "DIR/fig8-alone.csv (the same for the last run alone) and DIR/fig8.png, and prints the query's "
                    + "median time alone and shared and the slowdown."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the experiment ran and every run returned the same rows",
            "1:a query failed or runs returned different rows", "2:invalid options"})
final class SharingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write the CSV files and the plot.")
    Path outputDirectory;

    @Option(names = "--sf", paramLabel = "SCALE", defaultValue = "1", converter = TpcdsOptions.ScaleConverter.class,
            description = "TPC-DS scale factor or schema name (default ${DEFAULT-VALUE}).")
    TpcdsScale scale;

    @Option(names = "--query", paramLabel = "QUERY", defaultValue = "q25",
            description = "The TPC-DS query (default ${DEFAULT-VALUE}: three fact tables joined through shuffles, "
                    + "then aggregated).")
    String query;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where generated tables are cached (default ~/.proteus/data).")
    Path dataDirectory;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Workers (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--slots", paramLabel = "N", description = "Function slots per worker (default: number of cores).")
    Integer slots;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Measured runs alone and shared, alternating, after a warm-up (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--chains", paramLabel = "N",
            description = "Background chains kept in flight during a shared run (default: the cluster's slots).")
    Integer chains;

    @Option(names = "--input-kb", paramLabel = "KB", defaultValue = "256",
            description = "Random input of each chain, in KiB (default ${DEFAULT-VALUE}).")
    int inputKilobytes;

    @Option(names = "--hash-rounds", paramLabel = "N", defaultValue = "200",
            description = "SHA-256 rounds per chunk in the chain's last step (default ${DEFAULT-VALUE}).")
    int hashRounds;

    @Option(names = "--lead-seconds", paramLabel = "SECONDS", defaultValue = "2",
            description = "Background load before and after the query (default ${DEFAULT-VALUE}).")
    double leadSeconds;

    @Option(names = "--plugin-jar", paramLabel = "JAR",
            description = "The plugin jar with the functions (default: the example plugin the build made, "
                    + "examples/decision-plugin/target/proteus-example-plugin-*.jar).")
    Path pluginJar;

    @Option(names = "--timeout-seconds", paramLabel = "SECONDS", defaultValue = "300",
            description = "Fail when one query runs longer (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandLine commandLine = spec.commandLine();
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        Path jar = pluginJar != null ? pluginJar : examplePluginJar().orElseThrow(() -> new ParameterException(commandLine,
                "cannot find the example plugin jar (examples/decision-plugin/target/proteus-example-plugin-*.jar); "
                        + "build the project or give --plugin-jar"));
        if (!Files.isRegularFile(jar)) {
            throw new ParameterException(commandLine, "--plugin-jar " + jar + " is not a file");
        }
        String queryNumber = query.toLowerCase(Locale.ROOT).replaceFirst("^q", "");
        try {
            QueryRunner.statementText(queryNumber);
        } catch (RuntimeException e) {
            throw new ParameterException(commandLine, "--query " + query + " is not a TPC-DS query (1 to 99, e.g. q25)");
        }
        int slotsPerWorker = slots != null ? slots : LocalClusterConfig.defaults().slotsPerWorker();
        SharingSettings settings;
        try {
            settings = new SharingSettings(dataDirectory != null ? dataDirectory : LocalClusterConfig.defaults().dataDirectory(),
                    jar, scale, "q" + queryNumber,
                    workers, slotsPerWorker, runs, chains != null ? chains : workers * slotsPerWorker, inputKilobytes * 1024,
                    hashRounds, Duration.ofMillis(Math.round(leadSeconds * 1000)), Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage());
        }
        Files.createDirectories(outputDirectory);
        out.printf(Locale.ROOT, "Fig. 8: TPC-DS %s at %s on %d workers x %d slots, %d background chains (%s over %d KiB), "
                        + "%d measured %s alone and shared%n", settings.query(), scale.schema(), workers, slotsPerWorker,
                settings.chains(), String.join(" -> ", SharingBenchmark.CHAIN), inputKilobytes, runs, runs == 1 ? "run" : "runs");
        out.flush();
        SharingReport report;
        try {
            report = new SharingBenchmark(settings, out).run();
        } catch (SQLException e) {
            err.println("proteus bench sharing: " + e.getMessage());
            err.flush();
            return 1;
        }
        report.writeCsv(outputDirectory);
        Path chart = outputDirectory.resolve("fig8.png");
        PaperCharts.writeFig8(report, chart);
        out.println();
        report.summaryLines().forEach(out::println);
        if (!report.rowsMatch()) {
            out.println("The query returned different rows in some runs.");
        }
        out.println("Wrote " + outputDirectory.resolve("fig8.csv") + ", " + outputDirectory.resolve("fig8-alone.csv")
                + " and " + chart);
        out.flush();
        return report.rowsMatch() ? 0 : 1;
    }

    /** The example plugin jar the build made, under the Proteus home or the working directory. */
    static Optional<Path> examplePluginJar() throws IOException {
        List<Path> roots = new ArrayList<>();
        String home = System.getProperty("proteus.home");
        if (home != null) {
            roots.add(Path.of(home));
        }
        roots.add(Path.of("").toAbsolutePath());
        roots.add(Path.of("..").toAbsolutePath().normalize());
        for (Path root : roots) {
            Path target = root.resolve("examples").resolve("decision-plugin").resolve("target");
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    Optional<Path> jar = files.filter(file -> file.getFileName().toString()
                            .matches("proteus-example-plugin-[0-9.]+(-SNAPSHOT)?\\.jar")).findFirst();
                    if (jar.isPresent()) {
                        return jar;
                    }
                }
            }
        }
        return Optional.empty();
    }
}
