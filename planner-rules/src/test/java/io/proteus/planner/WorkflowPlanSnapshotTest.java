package io.proteus.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.proteus.sql.PlannedQuery;
import io.proteus.sql.SessionContext;
import io.proteus.sql.SqlFrontend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plan snapshots: each {@code plans/NAME.sql} in the test resources is planned into a decision workflow and compared
 * with {@code plans/NAME.plan}. Run with {@code -Dproteus.updateSnapshots=true} to rewrite the expected files after an
 * intended planner change (then review the diff).
 */
class WorkflowPlanSnapshotTest {

    private static final Path PLANS = Path.of("src/test/resources/plans");
    private static final SqlFrontend FRONTEND = new SqlFrontend(List.of(new TpcdsMetadataConnector()));
    private static final SessionContext SESSION = new SessionContext("tpcds", "sf1", Map.of());

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(PLANS)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".sql"))
                    .map(name -> name.substring(0, name.length() - 4))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void workflowPlanMatchesSnapshot(String name) throws IOException {
        String sql = Files.readString(PLANS.resolve(name + ".sql"), StandardCharsets.UTF_8);
        PlannedQuery planned = FRONTEND.plan(FRONTEND.parse(sql).query(), SESSION);
        RelNode workflow = WorkflowPlanner.toWorkflow(planned.plan());
        String actual = RelOptUtil.toString(workflow);
        Path expectedFile = PLANS.resolve(name + ".plan");
        if (Boolean.getBoolean("proteus.updateSnapshots") || !Files.exists(expectedFile)) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
    }
}
