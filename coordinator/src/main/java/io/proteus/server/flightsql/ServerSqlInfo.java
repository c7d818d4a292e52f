package io.proteus.server.flightsql;

import io.proteus.sql.SqlFrontend;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlOuterJoinsSupportLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedElementActions;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedGroupBy;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedPositionedCommands;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedResultSetType;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedSubqueries;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedUnions;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlTransactionIsolationLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedAnsi92SqlGrammarLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedSqlGrammar;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What the coordinator answers to {@code CommandGetSqlInfo}: every SqlInfo id a JDBC driver maps to
 * {@code DatabaseMetaData} (server name and versions, SQL dialect, identifier rules, limits, and the features Proteus
 * has: read-only queries, no transactions, no DDL, cancellation, joins of every kind, sub-queries, UNION).
 */
final class ServerSqlInfo {

    /** Identifiers may be this long (the parser's limit); other limits are unknown, reported as 0. */
    static final int MAX_IDENTIFIER_LENGTH = 256;

    private ServerSqlInfo() {
    }

    static SqlInfoBuilder create(String serverVersion) {
        List<SqlSupportsConvert> numeric = List.of(SqlSupportsConvert.SQL_CONVERT_INTEGER, SqlSupportsConvert.SQL_CONVERT_BIGINT,
                SqlSupportsConvert.SQL_CONVERT_SMALLINT, SqlSupportsConvert.SQL_CONVERT_TINYINT,
                SqlSupportsConvert.SQL_CONVERT_DECIMAL, SqlSupportsConvert.SQL_CONVERT_NUMERIC,
                SqlSupportsConvert.SQL_CONVERT_FLOAT, SqlSupportsConvert.SQL_CONVERT_REAL);
        List<Integer> numericTargets = numbers(numeric, SqlSupportsConvert.SQL_CONVERT_VARCHAR, SqlSupportsConvert.SQL_CONVERT_CHAR);
        Map<Integer, List<Integer>> conversions = new java.util.HashMap<>();
        for (SqlSupportsConvert from : numeric) {
            conversions.put(from.getNumber(), numericTargets);
        }
        conversions.put(SqlSupportsConvert.SQL_CONVERT_VARCHAR_VALUE, numbers(numeric, SqlSupportsConvert.SQL_CONVERT_VARCHAR,
                SqlSupportsConvert.SQL_CONVERT_CHAR, SqlSupportsConvert.SQL_CONVERT_DATE));
        conversions.put(SqlSupportsConvert.SQL_CONVERT_CHAR_VALUE, numbers(numeric, SqlSupportsConvert.SQL_CONVERT_VARCHAR,
                SqlSupportsConvert.SQL_CONVERT_CHAR, SqlSupportsConvert.SQL_CONVERT_DATE));
        conversions.put(SqlSupportsConvert.SQL_CONVERT_DATE_VALUE, List.of(SqlSupportsConvert.SQL_CONVERT_VARCHAR_VALUE,
                SqlSupportsConvert.SQL_CONVERT_CHAR_VALUE, SqlSupportsConvert.SQL_CONVERT_DATE_VALUE));
        conversions.put(SqlSupportsConvert.SQL_CONVERT_BIT_VALUE, List.of(SqlSupportsConvert.SQL_CONVERT_BIT_VALUE,
                SqlSupportsConvert.SQL_CONVERT_VARCHAR_VALUE, SqlSupportsConvert.SQL_CONVERT_CHAR_VALUE));

        return new SqlInfoBuilder()
                .withFlightSqlServerName("Proteus")
                .withFlightSqlServerVersion(serverVersion)
                .withFlightSqlServerArrowVersion(arrowVersion())
                .withFlightSqlServerReadOnly(true)
                .withFlightSqlServerSql(true)
                .withFlightSqlServerSubstrait(false)
                .withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
                .withFlightSqlServerCancel(true)
                .withFlightSqlServerBulkIngestion(false)
                .withFlightSqlServerBulkIngestionTransaction(false)
                .withFlightSqlServerStatementTimeout(0)
                .withFlightSqlServerTransactionTimeout(0)
                .withSqlDdlCatalog(false)
                .withSqlDdlSchema(false)
                .withSqlDdlTable(false)
                // Unquoted and quoted identifiers are kept as written and matched ignoring case.
                .withSqlIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
                .withSqlQuotedIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
                .withSqlIdentifierQuoteChar("\"")
                .withSqlKeywords(split(SqlFrontend.nonStandardKeywords()))
                .withSqlNumericFunctions(split("ABS,CEIL,CEILING,EXP,FLOOR,LN,LOG10,MOD,POWER,ROUND,SIGN,SQRT,TRUNCATE"))
                .withSqlStringFunctions(split("CHAR_LENGTH,CHARACTER_LENGTH,CONCAT,LOWER,POSITION,SUBSTRING,TRIM,UPPER"))
                .withSqlSystemFunctions(new String[0])
                .withSqlDatetimeFunctions(split("CURRENT_DATE,CURRENT_TIME,CURRENT_TIMESTAMP,EXTRACT"))
                .withSqlSearchStringEscape("\\")
                .withSqlExtraNameCharacters("")
                .withSqlSupportsColumnAliasing(true)
                .withSqlNullPlusNullIsNull(true)
                .withSqlSupportsConvert(conversions)
                .withSqlSupportsTableCorrelationNames(true)
                .withSqlSupportsDifferentTableCorrelationNames(false)
                .withSqlSupportsExpressionsInOrderBy(true)
                .withSqlSupportsOrderByUnrelated(true)
                .withSqlSupportedGroupBy(SqlSupportedGroupBy.SQL_GROUP_BY_UNRELATED, SqlSupportedGroupBy.SQL_GROUP_BY_BEYOND_SELECT)
                .withSqlSupportsLikeEscapeClause(true)
                .withSqlSupportsNonNullableColumns(false)
                .withSqlSupportedGrammar(SupportedSqlGrammar.SQL_MINIMUM_GRAMMAR, SupportedSqlGrammar.SQL_CORE_GRAMMAR)
                .withSqlAnsi92SupportedLevel(SupportedAnsi92SqlGrammarLevel.ANSI92_ENTRY_SQL)
                .withSqlSupportsIntegrityEnhancementFacility(false)
                .withSqlOuterJoinSupportLevel(SqlOuterJoinsSupportLevel.SQL_FULL_OUTER_JOINS)
                .withSqlSchemaTerm("schema")
                .withSqlProcedureTerm("procedure")
                .withSqlCatalogTerm("catalog")
                .withSqlCatalogAtStart(true)
                .withSqlSchemasSupportedActions(new SqlSupportedElementActions[0])
                .withSqlCatalogsSupportedActions(new SqlSupportedElementActions[0])
                .withSqlSupportedPositionedCommands(new SqlSupportedPositionedCommands[0])
                .withSqlSelectForUpdateSupported(false)
                .withSqlStoredProceduresSupported(false)
                .withSqlSubQueriesSupported(SqlSupportedSubqueries.SQL_SUBQUERIES_IN_COMPARISONS,
                        SqlSupportedSubqueries.SQL_SUBQUERIES_IN_EXISTS, SqlSupportedSubqueries.SQL_SUBQUERIES_IN_INS,
                        SqlSupportedSubqueries.SQL_SUBQUERIES_IN_QUANTIFIEDS)
                .withSqlCorrelatedSubqueriesSupported(true)
                .withSqlSupportedUnions(SqlSupportedUnions.SQL_UNION, SqlSupportedUnions.SQL_UNION_ALL)
                .withSqlMaxBinaryLiteralLength(0)
                .withSqlMaxCharLiteralLength(0)
                .withSqlMaxColumnNameLength(MAX_IDENTIFIER_LENGTH)
                .withSqlMaxColumnsInGroupBy(0)
                .withSqlMaxColumnsInIndex(0)
                .withSqlMaxColumnsInOrderBy(0)
                .withSqlMaxColumnsInSelect(0)
                .withSqlMaxColumnsInTable(0)
                .withSqlMaxConnections(0)
                .withSqlMaxCursorNameLength(0)
                .withSqlMaxIndexLength(0)
                .withSqlDbSchemaNameLength(MAX_IDENTIFIER_LENGTH)
                .withSqlMaxProcedureNameLength(0)
                .withSqlMaxCatalogNameLength(MAX_IDENTIFIER_LENGTH)
                .withSqlMaxRowSize(0)
                .withSqlMaxRowSizeIncludesBlobs(false)
                .withSqlMaxStatementLength(0)
                .withSqlMaxStatements(0)
                .withSqlMaxTableNameLength(MAX_IDENTIFIER_LENGTH)
                .withSqlMaxTablesInSelect(0)
                .withSqlMaxUsernameLength(0)
                .withSqlDefaultTransactionIsolation(SqlTransactionIsolationLevel.SQL_TRANSACTION_NONE_VALUE)
                .withSqlTransactionsSupported(false)
                .withSqlSupportedTransactionsIsolationLevels(SqlTransactionIsolationLevel.SQL_TRANSACTION_NONE)
                .withSqlDataDefinitionCausesTransactionCommit(false)
                .withSqlDataDefinitionsInTransactionsIgnored(false)
                .withSqlSupportedResultSetTypes(SqlSupportedResultSetType.SQL_RESULT_SET_TYPE_FORWARD_ONLY)
                .withSqlBatchUpdatesSupported(false)
                .withSqlSavepointsSupported(false)
                .withSqlNamedParametersSupported(false)
                .withSqlLocatorsUpdateCopy(false)
                .withSqlStoredFunctionsUsingCallSyntaxSupported(false)
                .withSqlAllTablesAreSelectable(true)
                .withSqlNullOrdering(SqlNullOrdering.SQL_NULLS_SORTED_AT_END);
    }

    private static List<Integer> numbers(List<SqlSupportsConvert> types, SqlSupportsConvert... more) {
        List<Integer> numbers = new java.util.ArrayList<>(types.stream().map(SqlSupportsConvert::getNumber).toList());
        Arrays.stream(more).map(SqlSupportsConvert::getNumber).forEach(numbers::add);
        return List.copyOf(numbers);
    }

    private static String[] split(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(word -> !word.isEmpty()).toArray(String[]::new);
    }

    private static String arrowVersion() {
        String version = Schema.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}
