package io.proteus.server.paper;

import static java.util.Objects.requireNonNull;

import io.proteus.server.LocalCluster;
import io.proteus.server.LocalClusterConfig;
import io.proteus.server.query.QueryInfo;
import io.proteus.server.query.QueryState;
import io.proteus.server.synthetic.KeyDistribution;
import io.proteus.server.synthetic.SyntheticTable;
import io.proteus.server.tpcds.ProteusTarget;
import io.proteus.server.tpcds.QueryRun;
import io.proteus.server.tpcds.QueryRunner;
import io.proteus.server.tpcds.TpcdsScale;
import io.proteus.tpcds.AnswerComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the paper's experiments on embedded clusters and returns their medians. Every point runs each configuration once
 * as a warm-up (which also generates the data and gives the decision nodes an earlier run to learn from), checks that
 * all configurations returned the same rows, then measures {@code runs} rounds, alternating the configurations (each
 * round starts with the next one) so that noise from the shared machine falls on all of them alike.
 *
 * <ul>
 *   <li>Fig. 4(a, b): the large synthetic table joined with each small one, hash join ({@code static-hash}) against
 *       sort-merge join ({@code static-merge}): time and slot-seconds against the small table's size.</li>
 *   <li>Fig. 4(c): the same join with one small table size on clusters of each size, the cluster restarted per
 *       size.</li>
 *   <li>Fig. 4(d): a shuffled join ({@code static-merge}) with placement forced to {@code pack} or
 *       {@code round-robin}, over uniform and Pareto join keys, on the largest cluster.</li>
 *   <li>Fig. 7: a TPC-DS sub-query of two MapReduce phases (store and catalog sales aggregated per customer and item)
 *       and a join, at each scale, under S-M, S-H and DYN.</li>
 * </ul>
 */
public final class PaperBenchmark {

    /**
     * The Fig. 7 query: two MapReduce phases (group store_sales and catalog_sales by customer and item) and a join of
     * their outputs, whose sizes grow with the scale factor; a final aggregate keeps the result to one row.
     */
    public static final String FIG7_QUERY = """
            SELECT count(*) AS pairs, sum(s.store_quantity) AS store_quantity, sum(s.store_paid) AS store_paid,
                   sum(c.catalog_quantity) AS catalog_quantity, sum(c.catalog_paid) AS catalog_paid
            FROM (SELECT ss_customer_sk AS customer_sk, ss_item_sk AS item_sk, sum(ss_quantity) AS store_quantity,
                         sum(ss_net_paid) AS store_paid
                  FROM store_sales WHERE ss_customer_sk IS NOT NULL GROUP BY ss_customer_sk, ss_item_sk) s
            JOIN (SELECT cs_bill_customer_sk AS customer_sk, cs_item_sk AS item_sk, sum(cs_quantity) AS catalog_quantity,
                         sum(cs_net_paid) AS catalog_paid
                  FROM catalog_sales WHERE cs_bill_customer_sk IS NOT NULL GROUP BY cs_bill_customer_sk, cs_item_sk) c
            ON s.customer_sk = c.customer_sk AND s.item_sk = c.item_sk""";

    private final PaperSettings settings;
    private final QueryRunner queryRunner;
    private final PrintWriter out;
    private final List<String> mismatches = new ArrayList<>();

    public PaperBenchmark(PaperSettings settings, QueryRunner queryRunner, PrintWriter out) {
        this.settings = requireNonNull(settings, "settings");
        this.queryRunner = requireNonNull(queryRunner, "queryRunner");
        this.out = requireNonNull(out, "out");
    }

    /** The Fig. 4 join of a large and a small synthetic table: a foreign key join, all matches counted and summed. */
    public static String joinQuery(KeyDistribution distribution, SyntheticTable large, SyntheticTable small) {
        String schema = "synthetic." + distribution.schemaName() + ".";
        return "SELECT count(*) AS matches, sum(l.quantity * s.amount_cents) AS total FROM " + schema + large.name()
                + " l JOIN " + schema + small.name() + " s ON l.join_key = s.id";
    }

    /** The label of a size in MB as it appears in the CSV: {@code 2.5}, {@code 10}. */
    public static String megabytesLabel(double megabytes) {
        return BigDecimal.valueOf(megabytes).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** Descriptions of the points whose configurations returned different rows; empty when all agreed. */
    public List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /** Runs every experiment, starting and stopping the clusters it needs. */
    public PaperReport run() throws IOException, SQLException {
        List<PaperResult> fig4 = new ArrayList<>();
        List<PaperResult> fig7 = new ArrayList<>();
        SyntheticTable large = SyntheticTable.ofMegabytes(settings.largeMegabytes());
        SyntheticTable clusterSmall = SyntheticTable.ofMegabytes(settings.clusterSmallMegabytes());
        SyntheticTable placementSmall = SyntheticTable.ofMegabytes(settings.placementSmallMegabytes());
        Map<Integer, List<PaperResult>> byWorkers = new LinkedHashMap<>();
        List<Integer> order = new ArrayList<>();
        order.add(settings.mainWorkers());
        settings.workerCounts().stream().filter(workers -> workers != settings.mainWorkers()).forEach(order::add);
        for (int workers : order) {
            try (ProteusTarget target = start(workers)) {
                LocalCluster cluster = target.cluster().orElseThrow();
                List<PaperResult> clusterPoints = new ArrayList<>();
                if (workers == settings.mainWorkers()) {
                    for (double megabytes : settings.smallMegabytes()) {
                        SyntheticTable small = SyntheticTable.ofMegabytes(megabytes);
                        declare(cluster, KeyDistribution.UNIFORM, large, small);
                        fig4.addAll(measure(target, "size", megabytesLabel(small.megabytes()), joinConfigurations(),
                                joinQuery(KeyDistribution.UNIFORM, large, small)));
                    }
                    for (TpcdsScale scale : settings.scales()) {
                        fig7.addAll(measure(target, "tpcds", scaleLabel(scale), strategyConfigurations(scale),
                                FIG7_QUERY));
                    }
                }
                if (settings.workerCounts().contains(workers)) {
                    declare(cluster, KeyDistribution.UNIFORM, large, clusterSmall);
                    clusterPoints.addAll(measure(target, "workers-" + workers, megabytesLabel(clusterSmall.megabytes()),
                            joinConfigurations(), joinQuery(KeyDistribution.UNIFORM, large, clusterSmall)));
                }
                if (workers == settings.placementWorkers()) {
                    for (KeyDistribution distribution : KeyDistribution.values()) {
                        declare(cluster, distribution, large, placementSmall);
                        clusterPoints.addAll(measure(target, "placement-" + distribution.schemaName(),
                                megabytesLabel(placementSmall.megabytes()), placementConfigurations(),
                                joinQuery(distribution, large, placementSmall)));
                    }
                }
                byWorkers.put(workers, clusterPoints);
            }
        }
        // Fig. 4(c) in ascending cluster size, then 4(d).
        settings.workerCounts().stream().sorted().forEach(workers -> byWorkers.getOrDefault(workers, List.of()).stream()
                .filter(result -> result.experiment().startsWith("workers-")).forEach(fig4::add));
        byWorkers.values().forEach(points -> points.stream()
                .filter(result -> result.experiment().startsWith("placement-")).forEach(fig4::add));
        return new PaperReport(fig4, fig7, settings.runs());
    }

    private ProteusTarget start(int workers) throws IOException {
        out.printf(Locale.ROOT, "Starting an embedded cluster of %d %s x %d slots%n", workers, workers == 1 ? "worker" : "workers",
                settings.slotsPerWorker());
        out.flush();
        return ProteusTarget.start(LocalClusterConfig.defaults().withPorts(0, 0).withWorkers(workers)
                .withSlotsPerWorker(settings.slotsPerWorker()).withDataDirectory(settings.dataDirectory()));
    }

    private static void declare(LocalCluster cluster, KeyDistribution distribution, SyntheticTable... tables) {
        Arrays.stream(tables).forEach(table -> cluster.syntheticConnector().declare(distribution, table));
    }

    private static String scaleLabel(TpcdsScale scale) {
        return megabytesLabel(scale.scaleFactor());
    }

    /** A configuration measured at a point: its name in the CSV, the catalog and schema, and the session properties. */
    private record Configuration(String name, String catalog, String schema, Map<String, String> properties) {}

    private static List<Configuration> joinConfigurations() {
        return List.of(new Configuration("static-hash", "synthetic", "uniform", Map.of("strategy", "static-hash")),
                new Configuration("static-merge", "synthetic", "uniform", Map.of("strategy", "static-merge")));
    }

    private static List<Configuration> placementConfigurations() {
        return List.of(
                new Configuration("round-robin", "synthetic", "uniform", Map.of("strategy", "static-merge", "placement", "round-robin")),
                new Configuration("pack", "synthetic", "uniform", Map.of("strategy", "static-merge", "placement", "pack")));
    }

    private static List<Configuration> strategyConfigurations(TpcdsScale scale) {
        return PaperReport.FIG7_STRATEGIES.stream()
                .map(strategy -> new Configuration(strategy, TpcdsScale.CATALOG, scale.schema(), Map.of("strategy", strategy)))
                .toList();
    }

    /** Measures one point: a warm-up run per configuration, a check of their rows, then alternating measured runs. */
    private List<PaperResult> measure(ProteusTarget target, String experiment, String dataSize,
            List<Configuration> configurations, String sql) throws SQLException {
        LocalCluster cluster = target.cluster().orElseThrow();
        List<Connection> connections = new ArrayList<>();
        try {
            for (Configuration configuration : configurations) {
                connections.add(connect(target, configuration));
            }
            List<String> reference = null;
            String referenceName = null;
            for (int index = 0; index < configurations.size(); index++) {
                List<String> rows = completed(runOnce(connections.get(index), sql), experiment, dataSize,
                        configurations.get(index)).rows();
                if (reference == null) {
                    reference = rows;
                    referenceName = configurations.get(index).name();
                } else {
                    checkSame(reference, referenceName, rows, experiment, dataSize, configurations.get(index).name());
                }
            }
            List<List<Double>> seconds = new ArrayList<>();
            List<List<Double>> costs = new ArrayList<>();
            configurations.forEach(configuration -> {
                seconds.add(new ArrayList<>());
                costs.add(new ArrayList<>());
            });
            for (int round = 0; round < settings.runs() || needsMoreTime(seconds) && round < PaperSettings.MAXIMUM_RUNS;
                    round++) {
                for (int step = 0; step < configurations.size(); step++) {
                    int index = (round + step) % configurations.size();
                    QueryRun.Completed run = completed(runOnce(connections.get(index), sql), experiment, dataSize,
                            configurations.get(index));
                    checkSame(reference, referenceName, run.rows(), experiment, dataSize, configurations.get(index).name());
                    seconds.get(index).add(run.elapsed().toNanos() / 1e9);
                    costs.get(index).add(lastCost(cluster, sql));
                }
            }
            List<PaperResult> results = new ArrayList<>();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s %9s:", experiment, dataSize));
            for (int index = 0; index < configurations.size(); index++) {
                PaperResult result = new PaperResult(experiment, dataSize, configurations.get(index).name(),
                        median(seconds.get(index)), median(costs.get(index)));
                results.add(result);
                line.append(String.format(Locale.ROOT, "  %s %.3fs %.2f slot-s", result.strategy(), result.seconds(), result.cost()));
            }
            out.println(line);
            out.flush();
            return results;
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    /** Whether some configuration has not yet run for {@code minimumSeconds} in total. */
    private boolean needsMoreTime(List<List<Double>> seconds) {
        return seconds.stream().anyMatch(runs -> runs.stream().mapToDouble(Double::doubleValue).sum() < settings.minimumSeconds());
    }

    private static Connection connect(ProteusTarget target, Configuration configuration) throws SQLException {
        Connection connection = target.connect();
        try {
            connection.setCatalog(configuration.catalog());
            connection.setSchema(configuration.schema());
            try (Statement statement = connection.createStatement()) {
                for (Map.Entry<String, String> property : configuration.properties().entrySet()) {
                    statement.execute("SET " + property.getKey() + " = '" + property.getValue() + "'");
                }
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private QueryRun runOnce(Connection connection, String sql) {
        return queryRunner.run(connection, sql);
    }

    private static QueryRun.Completed completed(QueryRun run, String experiment, String dataSize, Configuration configuration)
            throws SQLException {
        return switch (run) {
            case QueryRun.Completed completed -> completed;
            case QueryRun.Failed failed -> throw new SQLException(experiment + " at " + dataSize + " under "
                    + configuration.name() + " failed: " + failed.message());
        };
    }

    private void checkSame(List<String> reference, String referenceName, List<String> rows, String experiment,
            String dataSize, String name) {
        Optional<String> difference = AnswerComparison.difference(reference, rows);
        if (difference.isPresent()) {
            String mismatch = experiment + " at " + dataSize + ": " + name + " returned other rows than " + referenceName
                    + ": " + difference.get();
            mismatches.add(mismatch);
            out.println("RESULT MISMATCH " + mismatch);
        }
    }

    /** The slot-seconds of the latest finished run of a statement on the cluster. */
    private static double lastCost(LocalCluster cluster, String sql) {
        List<QueryInfo> queries = cluster.queryManager().queries();
        for (int index = queries.size() - 1; index >= 0; index--) {
            QueryInfo info = queries.get(index);
            if (info.state() == QueryState.FINISHED && info.sql().equals(sql)) {
                return info.slotSeconds();
            }
        }
        throw new IllegalStateException("no finished query with the benchmark's statement on the cluster");
    }

    /** The median of measured values (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
