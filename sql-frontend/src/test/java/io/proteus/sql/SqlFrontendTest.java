package io.proteus.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.task.FileSplit;
import io.proteus.sql.catalog.Connector;
import io.proteus.sql.catalog.TableMetadata;
import io.proteus.tpcds.TpcdsCatalog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Parsing, validation errors, Proteus's type rules and the logical plans of window functions. */
class SqlFrontendTest {

    private static final Connector TPCDS = new Connector() {
        @Override
        public String catalogName() {
            return "tpcds";
        }

        @Override
        public Set<String> schemaNames() {
            return TpcdsCatalog.schemaNames();
        }

        @Override
        public List<TableMetadata> tables(String schemaName) {
            return TpcdsCatalog.tables().stream().map(table -> new TableMetadata(table.name(), table.arrowSchema(), 1000)).toList();
        }

        @Override
        public List<FileSplit> splits(String schemaName, String tableName) {
            throw new UnsupportedOperationException("these tests only plan; nothing scans " + tableName);
        }
    };

    private final SqlFrontend frontend = new SqlFrontend(List.of(TPCDS));
    private final SessionContext session = new SessionContext("tpcds", "tiny", Map.of());

    private PlannedQuery plan(String sql) {
        return frontend.plan(frontend.parse(sql).query(), session);
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> frontend.parse("SELECT *\nFROM store WHERE"))
                .isInstanceOf(ProteusSqlException.class)
                .hasMessageContaining("near the keyword 'WHERE' at line 2, column 12")
                .extracting(e -> ((ProteusSqlException) e).error()).isEqualTo(QueryError.SYNTAX);
    }

    @Test
    void explainPrefixKeepsPositions() {
        assertThat(frontend.parse("EXPLAIN ANALYZE SELECT 1").kind()).isEqualTo(StatementKind.EXPLAIN_ANALYZE);
        assertThat(frontend.parse("explain select 1").kind()).isEqualTo(StatementKind.EXPLAIN);
        assertThatThrownBy(() -> frontend.parse("EXPLAIN SELECT FROM"))
                .hasMessageContaining("line 1, column 16");
    }

    @Test
    void setStatementsCarryNameAndValue() {
        ParsedStatement set = frontend.parse("SET strategy = 'static-hash'");
        assertThat(set.kind()).isEqualTo(StatementKind.SET);
        assertThat(set.propertyName()).isEqualTo("strategy");
        assertThat(set.propertyValue()).isEqualTo("static-hash");
    }

    @Test
    void parametersGetTheirTypesFromTheValidatorAndBindAsCastLiterals() {
        String sql = "SELECT d_date_sk, d_date FROM date_dim WHERE d_year = ? AND d_day_name = ? AND d_date > ?";
        PlannedQuery described = plan(sql);
        assertThat(described.parameterTypes()).extracting(type -> type.getSqlTypeName())
                .containsExactly(SqlTypeName.INTEGER, SqlTypeName.VARCHAR, SqlTypeName.DATE);

        PlannedQuery bound = frontend.plan(SqlFrontend.bindParameters(frontend.parse(sql).query(), described.parameterTypes(),
                List.of(2000, "Monday", java.time.LocalDate.of(2000, 3, 1))), session);
        assertThat(bound.parameterTypes()).isEmpty();
        assertThat(bound.rowType().getFieldList()).extracting(field -> field.getType().getSqlTypeName())
                .containsExactlyElementsOf(described.rowType().getFieldList().stream()
                        .map(field -> field.getType().getSqlTypeName()).toList());
        String plan = RelOptUtil.toString(bound.plan());
        assertThat(plan).contains("2000").contains("Monday").doesNotContain("?");

        // Negative numbers and Latin-1 text bind; a NULL compares to nothing, so the filter keeps no row.
        String others = "SELECT count(*) FROM store WHERE s_store_sk > ? AND s_store_name <> ?";
        PlannedQuery othersDescribed = plan(others);
        assertThat(RelOptUtil.toString(frontend.plan(SqlFrontend.bindParameters(frontend.parse(others).query(),
                othersDescribed.parameterTypes(), List.of(-5, "Grüße")), session).plan())).contains("-5").contains("Grüße");
        String withNull = "SELECT count(*) FROM store WHERE s_city = ?";
        assertThat(RelOptUtil.toString(frontend.plan(SqlFrontend.bindParameters(frontend.parse(withNull).query(),
                plan(withNull).parameterTypes(), java.util.Collections.singletonList(null)), session).plan()))
                .contains("LogicalValues(tuples=[[]])");

        assertThatThrownBy(() -> SqlFrontend.bindParameters(frontend.parse(sql).query(), described.parameterTypes(), List.of(1)))
                .isInstanceOf(ProteusSqlException.class)
                .hasMessageContaining("3 parameter(s) but 1 value(s)");
        assertThatThrownBy(() -> plan("SELECT ? FROM store"))
                .isInstanceOf(ProteusSqlException.class)
                .extracting(e -> ((ProteusSqlException) e).error()).isEqualTo(QueryError.VALIDATION);
    }

    @Test
    void unknownTableAndColumnAreNamed() {
        assertThatThrownBy(() -> plan("SELECT * FROM no_such_table"))
                .hasMessageContaining("no_such_table")
                .extracting(e -> ((ProteusSqlException) e).error()).isEqualTo(QueryError.VALIDATION);
        assertThatThrownBy(() -> plan("SELECT no_such_column FROM store")).hasMessageContaining("no_such_column");
    }

    @Test
    void sumWidensAndAverageIsFractional() {
        PlannedQuery query = plan("SELECT sum(ss_net_paid), sum(ss_quantity), avg(ss_quantity), avg(ss_net_paid) FROM store_sales");
        var fields = query.rowType().getFieldList();
        assertThat(fields.get(0).getType().getSqlTypeName()).isEqualTo(SqlTypeName.DECIMAL);
        assertThat(fields.get(0).getType().getPrecision()).isEqualTo(38);
        assertThat(fields.get(0).getType().getScale()).isEqualTo(2);
        assertThat(fields.get(1).getType().getSqlTypeName()).isEqualTo(SqlTypeName.BIGINT);
        assertThat(fields.get(2).getType().getSqlTypeName()).isEqualTo(SqlTypeName.DOUBLE);
        assertThat(fields.get(3).getType().getSqlTypeName()).isEqualTo(SqlTypeName.DOUBLE);
    }

    @Test
    void identifiersMatchCaseInsensitivelyAndKeepTheirSpelling() {
        PlannedQuery query = plan("SELECT S_Store_Name AS Name FROM TPCDS.TINY.STORE");
        assertThat(query.columnNames()).containsExactly("Name");
    }

    @Test
    void windowFunctionsBecomeWindowOperatorsWithPrunedInputs() {
        PlannedQuery query = plan("SELECT ss_item_sk, rank() OVER (PARTITION BY ss_store_sk ORDER BY ss_net_paid DESC) AS r,"
                + " sum(ss_net_paid) OVER (PARTITION BY ss_store_sk) AS total FROM store_sales");
        String plan = RelOptUtil.toString(query.plan());
        assertThat(plan).contains("LogicalWindow").doesNotContain(" OVER ");
        // Only the columns the window reads reach it: its input is narrowed by a projection.
        assertThat(plan).containsPattern("LogicalWindow[^\\n]*\\n\\s+LogicalProject");
        var fields = query.rowType().getFieldList();
        assertThat(fields.get(1).getType().getSqlTypeName()).isEqualTo(SqlTypeName.BIGINT);
        assertThat(fields.get(2).getType().getSqlTypeName()).isEqualTo(SqlTypeName.DECIMAL);
        assertThat(fields.get(2).getType().getPrecision()).isEqualTo(38);
        assertThat(fields.get(2).getType().getScale()).isEqualTo(2);
    }

    @Test
    void filtersOverWindowResultsStayAboveTheWindow() {
        // Pushing "ss_item_sk > 5" below the window would change the ranks.
        PlannedQuery query = plan("SELECT * FROM (SELECT ss_item_sk, rank() OVER (ORDER BY ss_net_paid) AS r FROM store_sales)"
                + " WHERE r < 10 AND ss_item_sk > 5");
        String plan = RelOptUtil.toString(query.plan());
        assertThat(plan.indexOf(">($0, 5)")).isPositive().isLessThan(plan.indexOf("LogicalWindow"));
    }

    @Test
    void qualifyFiltersOnWindowFunctions() {
        PlannedQuery query = plan("SELECT s_store_name FROM store"
                + " QUALIFY row_number() OVER (PARTITION BY s_state ORDER BY s_store_sk) <= 2");
        String plan = RelOptUtil.toString(query.plan());
        assertThat(query.columnNames()).containsExactly("s_store_name");
        assertThat(plan.indexOf("LogicalFilter")).isNotNegative().isLessThan(plan.indexOf("LogicalWindow"));
        assertThat(plan).contains("ROW_NUMBER()");
    }
}
