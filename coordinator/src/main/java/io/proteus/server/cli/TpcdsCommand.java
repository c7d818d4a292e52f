package io.proteus.server.cli;

import io.proteus.server.tpcds.ProgressDisplay;
import io.proteus.server.tpcds.ProteusTarget;
import io.proteus.server.tpcds.QueryRunner;
import io.proteus.server.tpcds.RunSummary;
import io.proteus.server.tpcds.TpcdsRunner;
import io.proteus.tpcds.TpcdsQueries;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code proteus tpcds}: runs the TPC-DS queries and checks their results against the shipped answers. */
@Command(name = "tpcds", mixinStandardHelpOptions = true,
        description = {
            "Run the TPC-DS queries on an embedded cluster (or the server of --url) and check each result against the "
                    + "answer shipped for the scale (sf1 has answers; at other scales the queries only have to run).",
            "Prints PASS, FAIL (wrong result) or ERROR and the time per query, then 'N passed, M failed'."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every query passed", "1:a query failed, returned a wrong result or timed out",
            "2:invalid options"})
final class TpcdsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TpcdsOptions options;

    @Override
    public Integer call() throws Exception {
        options.validate(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProteusTarget target = options.target();
        try (QueryRunner queryRunner = new QueryRunner(options.timeout());
                TpcdsOptions.ScaledConnection connection = options.connect(target)) {
            int count = options.queries.queries().size();
            boolean answers = TpcdsQueries.answerLines(connection.scale().schema(), options.queries.queries().getFirst()).isPresent();
            out.printf("TPC-DS %s: %d %s on %s; %s%n", connection.scale(), count, count == 1 ? "query" : "queries",
                    target.description(), answers ? "checking results against the shipped answers"
                            : "no answers at this scale, results are not checked");
            out.flush();
            RunSummary summary;
            try (ProgressDisplay display = ProgressDisplay.open(out, !options.noProgress, "TPC-DS " + connection.scale(), count)) {
                summary = new TpcdsRunner(queryRunner).run(connection.connection(), connection.scale(), options.queries, display);
            }
            out.println(summary.line());
            out.flush();
            return summary.succeeded() ? 0 : 1;
        } catch (SQLException e) {
            err.println("proteus tpcds: cannot connect to " + target.description() + ": " + e.getMessage());
            return 1;
        } finally {
            Commands.stop(target, err);
        }
    }
}
