package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Database metadata of a Proteus connection.
 *
 * <p>Catalogs, schemas, tables, table types and columns come from the Flight SQL metadata commands
 * ({@code CommandGetCatalogs}, {@code CommandGetDbSchemas}, {@code CommandGetTables}, {@code CommandGetTableTypes}),
 * rearranged into the JDBC column layouts; columns are derived from the table schemas that {@code CommandGetTables}
 * returns when asked to include them. The other result-set methods return empty results in their JDBC layout, and
 * capability questions get constant answers describing Proteus: a read-mostly SQL engine built on Calcite, with
 * identifiers kept as written and matched case-insensitively, and without transactions.
 */
final class ProteusDatabaseMetaData implements DatabaseMetaData, SelfWrapper {
    private static final String[] TABLE_COLUMNS = {
        "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME",
        "SELF_REFERENCING_COL_NAME", "REF_GENERATION"
    };
    private static final String[] COLUMN_COLUMNS = {
        "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE:int", "TYPE_NAME", "COLUMN_SIZE:int",
        "BUFFER_LENGTH:int", "DECIMAL_DIGITS:int", "NUM_PREC_RADIX:int", "NULLABLE:int", "REMARKS", "COLUMN_DEF",
        "SQL_DATA_TYPE:int", "SQL_DATETIME_SUB:int", "CHAR_OCTET_LENGTH:int", "ORDINAL_POSITION:int", "IS_NULLABLE",
        "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE:short", "IS_AUTOINCREMENT",
        "IS_GENERATEDCOLUMN"
    };
    private static final String[] KEY_COLUMNS = {
        "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT", "FKTABLE_SCHEM",
        "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ:short", "UPDATE_RULE:short", "DELETE_RULE:short", "FK_NAME",
        "PK_NAME", "DEFERRABILITY:short"
    };
    private static final String[] ROW_IDENTIFIER_COLUMNS = {
        "SCOPE:short", "COLUMN_NAME", "DATA_TYPE:int", "TYPE_NAME", "COLUMN_SIZE:int", "BUFFER_LENGTH:int",
        "DECIMAL_DIGITS:short", "PSEUDO_COLUMN:short"
    };

    private final ProteusConnection connection;
    private final FlightSession session;
    private Map<Integer, Object> serverInformation;

    ProteusDatabaseMetaData(ProteusConnection connection) {
        this.connection = requireNonNull(connection, "connection is null");
        this.session = connection.session();
    }

    // ---- Metadata read from the server ----

    @Override
    public ResultSet getCatalogs() throws SQLException {
        connection.checkOpen();
        MetadataTable table = MetadataTable.of("TABLE_CAT");
        for (Map<String, Object> row : read(() -> session.sqlClient().getCatalogs(session.callOptions()))) {
            table.row(row.get("catalog_name"));
        }
        return table.sortBy(0).toResultSet(connection);
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        connection.checkOpen();
        MetadataTable table = MetadataTable.of("TABLE_SCHEM", "TABLE_CATALOG");
        for (Map<String, Object> row : read(() -> session.sqlClient().getSchemas(catalog, schemaPattern,
                session.callOptions()))) {
            table.row(row.get("db_schema_name"), row.get("catalog_name"));
        }
        return table.sortBy(1, 0).toResultSet(connection);
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        connection.checkOpen();
        MetadataTable table = MetadataTable.of("TABLE_TYPE");
        for (Map<String, Object> row : read(() -> session.sqlClient().getTableTypes(session.callOptions()))) {
            table.row(row.get("table_type"));
        }
        return table.sortBy(0).toResultSet(connection);
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        connection.checkOpen();
        List<String> tableTypes = types == null ? null : Arrays.asList(types);
        MetadataTable table = MetadataTable.of(TABLE_COLUMNS);
        for (Map<String, Object> row : read(() -> session.sqlClient().getTables(catalog, schemaPattern,
                tableNamePattern, tableTypes, false, session.callOptions()))) {
            table.row(row.get("catalog_name"), row.get("db_schema_name"), row.get("table_name"),
                    row.get("table_type"), "", null, null, null, null, null);
        }
        return table.sortBy(3, 0, 1, 2).toResultSet(connection);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
            String columnNamePattern) throws SQLException {
        connection.checkOpen();
        Pattern columnName = likePattern(columnNamePattern);
        MetadataTable table = MetadataTable.of(COLUMN_COLUMNS);
        List<Map<String, Object>> tables = read(() -> session.sqlClient().getTables(catalog, schemaPattern,
                tableNamePattern, null, true, session.callOptions()));
        for (Map<String, Object> row : tables) {
            Schema schema = deserializeSchema((byte[]) row.get("table_schema"));
            int ordinal = 0;
            for (Field field : schema.getFields()) {
                ordinal++;
                if (columnName != null && !columnName.matcher(field.getName()).matches()) {
                    continue;
                }
                ColumnDescription column = ColumnDescription.of(field);
                JdbcColumnType type = column.type();
                boolean numeric = isNumeric(type.sqlType());
                boolean characters = type.sqlType() == Types.VARCHAR || type.sqlType() == Types.CHAR;
                Integer digits = numeric || hasFraction(type.sqlType()) ? type.scale() : null;
                table.row(
                        row.get("catalog_name"),
                        row.get("db_schema_name"),
                        row.get("table_name"),
                        field.getName(),
                        type.sqlType(),
                        type.typeName(),
                        type.precision() == 0 ? null : type.precision(),
                        null,
                        digits,
                        numeric ? 10 : null,
                        column.nullable() ? columnNullable : columnNoNulls,
                        column.remarks().isEmpty() ? null : column.remarks(),
                        null,
                        null,
                        null,
                        characters ? type.precision() : null,
                        ordinal,
                        column.nullable() ? "YES" : "NO",
                        null,
                        null,
                        null,
                        null,
                        column.autoIncrement() ? "YES" : "NO",
                        "NO");
            }
        }
        return table.sortBy(0, 1, 2, 16).toResultSet(connection);
    }

    private static boolean isNumeric(int sqlType) {
        switch (sqlType) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
            case Types.REAL:
            case Types.DOUBLE:
            case Types.DECIMAL:
                return true;
            default:
                return false;
        }
    }

    private static boolean hasFraction(int sqlType) {
        return sqlType == Types.TIME || sqlType == Types.TIMESTAMP || sqlType == Types.TIMESTAMP_WITH_TIMEZONE;
    }

    /** Turns a JDBC search pattern ({@code %}, {@code _}, escaped with {@code \}) into a regular expression. */
    static Pattern likePattern(String pattern) {
        if (pattern == null || pattern.equals("%")) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (int index = 0; index < pattern.length(); index++) {
            char character = pattern.charAt(index);
            if (character == '\\' && index + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++index))));
            } else if (character == '%') {
                regex.append(".*");
            } else if (character == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(character)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static Schema deserializeSchema(byte[] bytes) throws SQLException {
        if (bytes == null || bytes.length == 0) {
            return new Schema(List.of());
        }
        try {
            return MessageSerializer.deserializeSchema(
                    new ReadChannel(Channels.newChannel(new ByteArrayInputStream(bytes))));
        } catch (IOException | RuntimeException e) {
            throw new SQLException("Cannot read a table schema sent by the server: " + e.getMessage(),
                    SqlErrors.GENERAL_ERROR, e);
        }
    }

    /** A Flight SQL metadata command. */
    @FunctionalInterface
    private interface MetadataCall {
        FlightInfo start();
    }

    /** Runs a metadata command and reads its (small) result into rows keyed by Flight SQL column name. */
    private List<Map<String, Object>> read(MetadataCall call) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            FlightInfo info = call.start();
            for (FlightEndpoint endpoint : info.getEndpoints()) {
                FlightStream stream = session.sqlClient().getStream(endpoint.getTicket(), session.callOptions());
                try {
                    while (stream.next()) {
                        VectorSchemaRoot root = stream.getRoot();
                        for (int row = 0; row < root.getRowCount(); row++) {
                            Map<String, Object> values = new HashMap<>();
                            for (FieldVector vector : root.getFieldVectors()) {
                                Object value = vector.getObject(row);
                                values.put(vector.getName(), value instanceof Text ? value.toString() : value);
                            }
                            rows.add(values);
                        }
                    }
                } finally {
                    FlightBatchSource.closeStream(stream);
                }
            }
        } catch (RuntimeException e) {
            throw SqlErrors.fromClient(e);
        }
        return rows;
    }

    /** The server's name and version from {@code CommandGetSqlInfo}, empty when the server does not answer it. */
    private synchronized Map<Integer, Object> serverInformation() {
        if (serverInformation == null) {
            Map<Integer, Object> information = new HashMap<>();
            try {
                for (Map<String, Object> row : read(() -> session.sqlClient().getSqlInfo(
                        new SqlInfo[] {SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.FLIGHT_SQL_SERVER_VERSION},
                        session.callOptions()))) {
                    Object name = row.get("info_name");
                    Object value = row.get("value");
                    if (name instanceof Number && value != null) {
                        information.put(((Number) name).intValue(), value instanceof Text ? value.toString() : value);
                    }
                }
            } catch (SQLException unsupported) {
                // Optional for a Flight SQL server.
            }
            serverInformation = information;
        }
        return serverInformation;
    }

    // ---- Empty results in their JDBC layout ----

    private ResultSet empty(String... columns) throws SQLException {
        connection.checkOpen();
        return MetadataTable.of(columns).toResultSet(connection);
    }

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        return empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1", "RESERVED2", "RESERVED3",
                "REMARKS", "PROCEDURE_TYPE:short", "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
            String columnNamePattern) throws SQLException {
        return empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME", "COLUMN_TYPE:short",
                "DATA_TYPE:int", "TYPE_NAME", "PRECISION:int", "LENGTH:int", "SCALE:short", "RADIX:short",
                "NULLABLE:short", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE:int", "SQL_DATETIME_SUB:int",
                "CHAR_OCTET_LENGTH:int", "ORDINAL_POSITION:int", "IS_NULLABLE", "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE",
                "IS_GRANTABLE");
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        return empty(ROW_IDENTIFIER_COLUMNS);
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return empty(ROW_IDENTIFIER_COLUMNS);
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ:short", "PK_NAME");
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return empty(KEY_COLUMNS);
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return empty(KEY_COLUMNS);
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
            String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        return empty(KEY_COLUMNS);
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE:boolean", "INDEX_QUALIFIER",
                "INDEX_NAME", "TYPE:short", "ORDINAL_POSITION:short", "COLUMN_NAME", "ASC_OR_DESC",
                "CARDINALITY:long", "PAGES:long", "FILTER_CONDITION");
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE:int", "REMARKS",
                "BASE_TYPE:short");
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern)
            throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM", "SUPERTYPE_NAME");
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
            String attributeNamePattern) throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME", "DATA_TYPE:int", "ATTR_TYPE_NAME",
                "ATTR_SIZE:int", "DECIMAL_DIGITS:int", "NUM_PREC_RADIX:int", "NULLABLE:int", "REMARKS", "ATTR_DEF",
                "SQL_DATA_TYPE:int", "SQL_DATETIME_SUB:int", "CHAR_OCTET_LENGTH:int", "ORDINAL_POSITION:int",
                "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE:short");
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return empty("NAME", "MAX_LEN:int", "DEFAULT_VALUE", "DESCRIPTION");
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE:short",
                "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
            String columnNamePattern) throws SQLException {
        return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME", "COLUMN_TYPE:short",
                "DATA_TYPE:int", "TYPE_NAME", "PRECISION:int", "LENGTH:int", "SCALE:short", "RADIX:short",
                "NULLABLE:short", "REMARKS", "CHAR_OCTET_LENGTH:int", "ORDINAL_POSITION:int", "IS_NULLABLE",
                "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
            String columnNamePattern) throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE:int", "COLUMN_SIZE:int",
                "DECIMAL_DIGITS:int", "NUM_PREC_RADIX:int", "COLUMN_USAGE", "REMARKS", "CHAR_OCTET_LENGTH:int",
                "IS_NULLABLE");
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        connection.checkOpen();
        MetadataTable table = MetadataTable.of("TYPE_NAME", "DATA_TYPE:int", "PRECISION:int", "LITERAL_PREFIX",
                "LITERAL_SUFFIX", "CREATE_PARAMS", "NULLABLE:short", "CASE_SENSITIVE:boolean", "SEARCHABLE:short",
                "UNSIGNED_ATTRIBUTE:boolean", "FIXED_PREC_SCALE:boolean", "AUTO_INCREMENT:boolean",
                "LOCAL_TYPE_NAME", "MINIMUM_SCALE:short", "MAXIMUM_SCALE:short", "SQL_DATA_TYPE:int",
                "SQL_DATETIME_SUB:int", "NUM_PREC_RADIX:int");
        typeRow(table, "BOOLEAN", Types.BOOLEAN, 1, null, null, null, false, null, 0, 0, null);
        typeRow(table, "TINYINT", Types.TINYINT, 3, null, null, null, false, false, 0, 0, 10);
        typeRow(table, "SMALLINT", Types.SMALLINT, 5, null, null, null, false, false, 0, 0, 10);
        typeRow(table, "INTEGER", Types.INTEGER, 10, null, null, null, false, false, 0, 0, 10);
        typeRow(table, "BIGINT", Types.BIGINT, 19, null, null, null, false, false, 0, 0, 10);
        typeRow(table, "REAL", Types.REAL, 9, null, null, null, false, false, 0, 0, 10);
        typeRow(table, "DOUBLE", Types.DOUBLE, 17, null, null, null, false, false, 0, 0, 10);
        typeRow(table, "DECIMAL", Types.DECIMAL, 38, null, null, "precision,scale", false, false, 0, 38, 10);
        typeRow(table, "VARCHAR", Types.VARCHAR, JdbcColumnType.UNBOUNDED, "'", "'", "length", true, null, 0, 0,
                null);
        typeRow(table, "VARBINARY", Types.VARBINARY, JdbcColumnType.UNBOUNDED, "X'", "'", null, false, null, 0, 0,
                null);
        typeRow(table, "DATE", Types.DATE, 10, "DATE '", "'", null, false, null, 0, 0, null);
        typeRow(table, "TIME", Types.TIME, 18, "TIME '", "'", "precision", false, null, 0, 9, null);
        typeRow(table, "TIMESTAMP", Types.TIMESTAMP, 29, "TIMESTAMP '", "'", "precision", false, null, 0, 9, null);
        return table.sortBy(1).toResultSet(connection);
    }

    private static void typeRow(MetadataTable table, String name, int sqlType, int precision, String prefix,
            String suffix, String createParameters, boolean caseSensitive, Boolean unsigned, int minimumScale,
            int maximumScale, Integer radix) {
        table.row(name, sqlType, precision, prefix, suffix, createParameters, (short) typeNullable, caseSensitive,
                (short) typeSearchable, unsigned, false, false, name, (short) minimumScale, (short) maximumScale, null,
                null, radix);
    }

    // ---- Connection and product ----

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String getURL() {
        return session.properties().url();
    }

    @Override
    public String getUserName() {
        return session.properties().user().orElse(null);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return connection.isReadOnly();
    }

    @Override
    public String getDatabaseProductName() {
        return "Proteus";
    }

    @Override
    public String getDatabaseProductVersion() {
        Object version = serverInformation().get(SqlInfo.FLIGHT_SQL_SERVER_VERSION_VALUE);
        return version == null ? "unknown" : version.toString();
    }

    @Override
    public int getDatabaseMajorVersion() {
        return versionPart(getDatabaseProductVersion(), 0);
    }

    @Override
    public int getDatabaseMinorVersion() {
        return versionPart(getDatabaseProductVersion(), 1);
    }

    private static int versionPart(String version, int index) {
        String[] parts = version.split("[.-]");
        try {
            return index < parts.length ? Integer.parseInt(parts[index]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String getDriverName() {
        return "Proteus JDBC driver";
    }

    @Override
    public String getDriverVersion() {
        return ProteusDriver.version();
    }

    @Override
    public int getDriverMajorVersion() {
        return versionPart(ProteusDriver.version(), 0);
    }

    @Override
    public int getDriverMinorVersion() {
        return versionPart(ProteusDriver.version(), 1);
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 2;
    }

    @Override
    public int getSQLStateType() {
        return sqlStateSQL;
    }

    // ---- Capabilities: constant answers ----

    @Override
    public boolean allProceduresAreCallable() {
        return false;
    }

    @Override
    public boolean allTablesAreSelectable() {
        return true;
    }

    @Override
    public boolean nullsAreSortedHigh() {
        return false;
    }

    @Override
    public boolean nullsAreSortedLow() {
        return false;
    }

    @Override
    public boolean nullsAreSortedAtStart() {
        return false;
    }

    @Override
    public boolean nullsAreSortedAtEnd() {
        return true;
    }

    @Override
    public boolean usesLocalFiles() {
        return false;
    }

    @Override
    public boolean usesLocalFilePerTable() {
        return false;
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesUpperCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseIdentifiers() {
        return true;
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() {
        return true;
    }

    @Override
    public String getIdentifierQuoteString() {
        return "\"";
    }

    @Override
    public String getSQLKeywords() {
        return "LIMIT,OFFSET,FETCH,FIRST,NEXT,ROWS,ONLY,EXPLAIN,ANALYZE,PLAN,SET";
    }

    @Override
    public String getNumericFunctions() {
        return "ABS,CEIL,CEILING,EXP,FLOOR,LN,LOG10,MOD,POWER,ROUND,SIGN,SQRT,TRUNCATE";
    }

    @Override
    public String getStringFunctions() {
        return "CHAR_LENGTH,CHARACTER_LENGTH,CONCAT,LOWER,POSITION,SUBSTRING,TRIM,UPPER";
    }

    @Override
    public String getSystemFunctions() {
        return "";
    }

    @Override
    public String getTimeDateFunctions() {
        return "CURRENT_DATE,CURRENT_TIME,CURRENT_TIMESTAMP,EXTRACT";
    }

    @Override
    public String getSearchStringEscape() {
        return "\\";
    }

    @Override
    public String getExtraNameCharacters() {
        return "";
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() {
        return false;
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() {
        return false;
    }

    @Override
    public boolean supportsColumnAliasing() {
        return true;
    }

    @Override
    public boolean nullPlusNonNullIsNull() {
        return true;
    }

    @Override
    public boolean supportsConvert() {
        return true;
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) {
        return true;
    }

    @Override
    public boolean supportsTableCorrelationNames() {
        return true;
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() {
        return false;
    }

    @Override
    public boolean supportsExpressionsInOrderBy() {
        return true;
    }

    @Override
    public boolean supportsOrderByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsGroupBy() {
        return true;
    }

    @Override
    public boolean supportsGroupByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsGroupByBeyondSelect() {
        return true;
    }

    @Override
    public boolean supportsLikeEscapeClause() {
        return true;
    }

    @Override
    public boolean supportsMultipleResultSets() {
        return false;
    }

    @Override
    public boolean supportsMultipleTransactions() {
        return true;
    }

    @Override
    public boolean supportsNonNullableColumns() {
        return true;
    }

    @Override
    public boolean supportsMinimumSQLGrammar() {
        return true;
    }

    @Override
    public boolean supportsCoreSQLGrammar() {
        return false;
    }

    @Override
    public boolean supportsExtendedSQLGrammar() {
        return false;
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() {
        return true;
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() {
        return false;
    }

    @Override
    public boolean supportsANSI92FullSQL() {
        return false;
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() {
        return false;
    }

    @Override
    public boolean supportsOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsFullOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsLimitedOuterJoins() {
        return true;
    }

    @Override
    public String getSchemaTerm() {
        return "schema";
    }

    @Override
    public String getProcedureTerm() {
        return "procedure";
    }

    @Override
    public String getCatalogTerm() {
        return "catalog";
    }

    @Override
    public boolean isCatalogAtStart() {
        return true;
    }

    @Override
    public String getCatalogSeparator() {
        return ".";
    }

    @Override
    public boolean supportsSchemasInDataManipulation() {
        return true;
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() {
        return false;
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() {
        return true;
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() {
        return false;
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() {
        return true;
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() {
        return true;
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() {
        return false;
    }

    @Override
    public boolean supportsPositionedDelete() {
        return false;
    }

    @Override
    public boolean supportsPositionedUpdate() {
        return false;
    }

    @Override
    public boolean supportsSelectForUpdate() {
        return false;
    }

    @Override
    public boolean supportsStoredProcedures() {
        return false;
    }

    @Override
    public boolean supportsSubqueriesInComparisons() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInExists() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInIns() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() {
        return true;
    }

    @Override
    public boolean supportsCorrelatedSubqueries() {
        return true;
    }

    @Override
    public boolean supportsUnion() {
        return true;
    }

    @Override
    public boolean supportsUnionAll() {
        return true;
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() {
        return false;
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() {
        return false;
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() {
        return true;
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() {
        return true;
    }

    @Override
    public int getMaxBinaryLiteralLength() {
        return 0;
    }

    @Override
    public int getMaxCharLiteralLength() {
        return 0;
    }

    @Override
    public int getMaxColumnNameLength() {
        return 256;
    }

    @Override
    public int getMaxColumnsInGroupBy() {
        return 0;
    }

    @Override
    public int getMaxColumnsInIndex() {
        return 0;
    }

    @Override
    public int getMaxColumnsInOrderBy() {
        return 0;
    }

    @Override
    public int getMaxColumnsInSelect() {
        return 0;
    }

    @Override
    public int getMaxColumnsInTable() {
        return 0;
    }

    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public int getMaxCursorNameLength() {
        return 0;
    }

    @Override
    public int getMaxIndexLength() {
        return 0;
    }

    @Override
    public int getMaxSchemaNameLength() {
        return 256;
    }

    @Override
    public int getMaxProcedureNameLength() {
        return 0;
    }

    @Override
    public int getMaxCatalogNameLength() {
        return 256;
    }

    @Override
    public int getMaxRowSize() {
        return 0;
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() {
        return true;
    }

    @Override
    public int getMaxStatementLength() {
        return 0;
    }

    @Override
    public int getMaxStatements() {
        return 0;
    }

    @Override
    public int getMaxTableNameLength() {
        return 256;
    }

    @Override
    public int getMaxTablesInSelect() {
        return 0;
    }

    @Override
    public int getMaxUserNameLength() {
        return 0;
    }

    @Override
    public int getDefaultTransactionIsolation() {
        return Connection.TRANSACTION_NONE;
    }

    @Override
    public boolean supportsTransactions() {
        return false;
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return level == Connection.TRANSACTION_NONE;
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() {
        return false;
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() {
        return false;
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() {
        return false;
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() {
        return false;
    }

    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean updatesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean deletesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean insertsAreDetected(int type) {
        return false;
    }

    @Override
    public boolean supportsBatchUpdates() {
        return true;
    }

    @Override
    public boolean supportsSavepoints() {
        return false;
    }

    @Override
    public boolean supportsNamedParameters() {
        return false;
    }

    @Override
    public boolean supportsMultipleOpenResults() {
        return false;
    }

    @Override
    public boolean supportsGetGeneratedKeys() {
        return false;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        return holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public boolean locatorsUpdateCopy() {
        return false;
    }

    @Override
    public boolean supportsStatementPooling() {
        return false;
    }

    @Override
    public RowIdLifetime getRowIdLifetime() {
        return RowIdLifetime.ROWID_UNSUPPORTED;
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() {
        return false;
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() {
        return false;
    }

    @Override
    public boolean generatedKeyAlwaysReturned() {
        return false;
    }
}
