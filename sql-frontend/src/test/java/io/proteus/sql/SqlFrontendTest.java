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
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Parsing, validation errors and Proteus's type rules. */
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
            throw new UnsupportedOperationException();
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
                .hasMessageContaining("line 2, column 16")
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
}
