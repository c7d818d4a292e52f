package io.proteus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.arrow.flight.FlightMethod;
import org.junit.jupiter.api.Test;

class DatabaseMetaDataTest extends ServerTestBase {

    private static List<List<Object>> rows(ResultSet resultSet, String... columns) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (resultSet) {
            while (resultSet.next()) {
                List<Object> row = new ArrayList<>();
                for (String column : columns) {
                    row.add(resultSet.getObject(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> labels(ResultSet resultSet) throws SQLException {
        ResultSetMetaData metadata = resultSet.getMetaData();
        List<String> labels = new ArrayList<>();
        for (int column = 1; column <= metadata.getColumnCount(); column++) {
            labels.add(metadata.getColumnLabel(column));
        }
        return labels;
    }

    @Test
    void describesTheProductAndTheConnection() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "alice");
        try (Connection connection = connect("/proteus", properties)) {
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(metadata.getDatabaseProductName()).isEqualTo("Proteus");
            assertThat(metadata.getDatabaseProductVersion()).isEqualTo("unknown");
            assertThat(metadata.getDriverName()).isEqualTo("Proteus JDBC driver");
            assertThat(metadata.getDriverVersion()).isEqualTo("0.1.0");
            assertThat(metadata.getDriverMajorVersion()).isZero();
            assertThat(metadata.getDriverMinorVersion()).isEqualTo(1);
            assertThat(metadata.getURL()).isEqualTo(server.url() + "/proteus");
            assertThat(metadata.getUserName()).isEqualTo("alice");
            assertThat(metadata.getConnection()).isSameAs(connection);
            assertThat(metadata.getIdentifierQuoteString()).isEqualTo("\"");
            assertThat(metadata.supportsTransactions()).isFalse();
            assertThat(metadata.getJDBCMajorVersion()).isEqualTo(4);
        }
    }

    @Test
    void readsCatalogsSchemasAndTableTypes() throws Exception {
        try (Connection connection = connect()) {
            DatabaseMetaData metadata = connection.getMetaData();
            ResultSet catalogs = metadata.getCatalogs();
            assertThat(labels(catalogs)).containsExactly("TABLE_CAT");
            assertThat(rows(catalogs, "TABLE_CAT")).containsExactly(List.of("proteus"), List.of("system"));

            ResultSet schemas = metadata.getSchemas();
            assertThat(labels(schemas)).containsExactly("TABLE_SCHEM", "TABLE_CATALOG");
            assertThat(rows(schemas, "TABLE_SCHEM", "TABLE_CATALOG"))
                    .containsExactly(List.of("tpcds", "proteus"), List.of("runtime", "system"));
            assertThat(rows(metadata.getSchemas("system", "run%"), "TABLE_SCHEM")).containsExactly(List.of("runtime"));
            assertThat(rows(metadata.getSchemas("proteus", "run%"), "TABLE_SCHEM")).isEmpty();

            ResultSet types = metadata.getTableTypes();
            assertThat(rows(types, "table_type")).containsExactly(List.of("TABLE"), List.of("VIEW"));
            assertThat(allocatorOf(connection).getAllocatedMemory()).isZero();
        }
    }

    @Test
    void readsTablesInTheJdbcLayout() throws Exception {
        try (Connection connection = connect()) {
            DatabaseMetaData metadata = connection.getMetaData();
            ResultSet tables = metadata.getTables(null, null, "%", null);
            assertThat(labels(tables)).containsExactly("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE",
                    "REMARKS", "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION");
            assertThat(rows(tables, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE")).containsExactly(
                    List.of("proteus", "tpcds", "item", "TABLE"),
                    List.of("proteus", "tpcds", "store_sales", "TABLE"),
                    List.of("system", "runtime", "queries", "VIEW"));
            assertThat(rows(metadata.getTables("proteus", "tpc%", "store\\_%", new String[] {"TABLE"}),
                    "TABLE_NAME")).containsExactly(List.of("store_sales"));
            assertThat(rows(metadata.getTables(null, null, null, new String[] {"VIEW"}), "TABLE_NAME"))
                    .containsExactly(List.of("queries"));
        }
    }

    @Test
    void derivesColumnsFromTheTableSchemas() throws Exception {
        try (Connection connection = connect()) {
            DatabaseMetaData metadata = connection.getMetaData();
            ResultSet columns = metadata.getColumns(null, "tpcds", "store_sales", "%");
            assertThat(labels(columns)).hasSize(24).startsWith("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
                    "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE");
            assertThat(rows(columns, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE",
                    "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "IS_NULLABLE",
                    "ORDINAL_POSITION")).containsExactly(
                    List.of("proteus", "tpcds", "store_sales", "ss_item_sk", Types.BIGINT, "BIGINT", 19, 0, 10,
                            DatabaseMetaData.columnNoNulls, "NO", 1),
                    List.of("proteus", "tpcds", "store_sales", "ss_net_paid", Types.DECIMAL, "DECIMAL", 7, 2, 10,
                            DatabaseMetaData.columnNullable, "YES", 2),
                    java.util.Arrays.asList("proteus", "tpcds", "store_sales", "ss_sold_date", Types.DATE, "DATE",
                            10, null, null, DatabaseMetaData.columnNullable, "YES", 3));

            assertThat(rows(metadata.getColumns(null, null, "%", "%\\_sk"), "TABLE_NAME", "COLUMN_NAME"))
                    .containsExactly(List.of("item", "i_item_sk"), List.of("store_sales", "ss_item_sk"));
            assertThat(rows(metadata.getColumns("system", null, null, null), "COLUMN_NAME", "TYPE_NAME"))
                    .containsExactly(List.of("query_id", "VARCHAR"), List.of("state", "VARCHAR"));
            assertThat(server.calls(FlightMethod.GET_FLIGHT_INFO)).isNotEmpty();
        }
    }

    @Test
    void metadataCallsCarryTheSessionHeaders() throws Exception {
        try (Connection connection = connect("/proteus/tpcds?strategy=dynamic", new Properties())) {
            rows(connection.getMetaData().getCatalogs(), "TABLE_CAT");
            assertThat(server.calls).allSatisfy(call -> assertThat(call.headers())
                    .containsEntry("catalog", "proteus")
                    .containsEntry("schema", "tpcds")
                    .containsEntry("proteus-session-strategy", "dynamic"));
        }
    }

    @Test
    void otherResultsAreEmptyInTheirJdbcLayout() throws Exception {
        try (Connection connection = connect()) {
            DatabaseMetaData metadata = connection.getMetaData();
            ResultSet primaryKeys = metadata.getPrimaryKeys(null, null, "item");
            assertThat(labels(primaryKeys)).containsExactly("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME",
                    "KEY_SEQ", "PK_NAME");
            assertThat(primaryKeys.getMetaData().getColumnType(5)).isEqualTo(Types.SMALLINT);
            assertThat(rows(primaryKeys, "TABLE_NAME")).isEmpty();
            assertThat(rows(metadata.getImportedKeys(null, null, "item"), "PKTABLE_NAME")).isEmpty();
            assertThat(rows(metadata.getProcedures(null, null, null), "PROCEDURE_NAME")).isEmpty();
            assertThat(rows(metadata.getFunctions(null, null, null), "FUNCTION_NAME")).isEmpty();
            assertThat(rows(metadata.getIndexInfo(null, null, "item", false, true), "INDEX_NAME")).isEmpty();

            List<List<Object>> types = rows(metadata.getTypeInfo(), "TYPE_NAME", "DATA_TYPE");
            assertThat(types).contains(List.of("INTEGER", Types.INTEGER), List.of("VARCHAR", Types.VARCHAR));
            // Left open on purpose: closing the connection closes metadata result sets too.
            metadata.getCatalogs();
        }
    }

    @Test
    void everyCapabilityQuestionHasAnAnswer() throws Exception {
        try (Connection connection = connect()) {
            DatabaseMetaData metadata = connection.getMetaData();
            int answered = 0;
            for (Method method : DatabaseMetaData.class.getMethods()) {
                if (Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                Class<?> returnType = method.getReturnType();
                Object[] arguments = new Object[method.getParameterCount()];
                boolean simple = true;
                for (int index = 0; index < arguments.length; index++) {
                    Class<?> type = method.getParameterTypes()[index];
                    if (type == int.class) {
                        arguments[index] = ResultSet.TYPE_FORWARD_ONLY;
                    } else {
                        simple = false;
                    }
                }
                if (simple && (returnType == boolean.class || returnType == int.class
                        || returnType == String.class)) {
                    method.invoke(metadata, arguments);
                    answered++;
                }
            }
            assertThat(answered).isGreaterThan(140);
        }
    }
}
