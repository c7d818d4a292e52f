package io.proteus.sql;

import static java.util.Objects.requireNonNull;

import io.proteus.sql.catalog.CatalogSchemas;
import io.proteus.sql.catalog.Connector;
import io.proteus.sql.metadata.JoinSelectivity;
import io.proteus.sql.type.DateArithmeticCoercion;
import io.proteus.sql.type.ProteusTypeSystem;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.Util;

/**
 * The SQL front end: parses statements, validates queries against the connectors' catalogs with Proteus's type system,
 * converts them to relational algebra and optimises them ({@link LogicalOptimizer}). It only plans; nothing is executed
 * here.
 */
public final class SqlFrontend {

    private static final Pattern EXPLAIN_PREFIX =
            Pattern.compile("^\\s*EXPLAIN(\\s+ANALYZE)?\\s+(?!PLAN\\b)", Pattern.CASE_INSENSITIVE);

    private final CalciteSchema rootSchema;
    private final JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl(ProteusTypeSystem.INSTANCE);
    private final LogicalOptimizer optimizer;

    public SqlFrontend(List<Connector> connectors) {
        this(connectors, LogicalOptimizer.standard());
    }

    public SqlFrontend(List<Connector> connectors, LogicalOptimizer optimizer) {
        this.rootSchema = CatalogSchemas.rootSchema(List.copyOf(requireNonNull(connectors, "connectors")));
        this.optimizer = requireNonNull(optimizer, "optimizer");
    }

    /**
     * The parser configuration: Calcite's Babel grammar (the core grammar with most keywords allowed as names, as Trino
     * and DuckDB allow {@code system} or {@code year}), identifiers as written and matched case-insensitively.
     */
    public static SqlParser.Config parserConfig() {
        return SqlParser.config()
                .withParserFactory(SqlBabelParserImpl.FACTORY)
                .withCaseSensitive(false)
                .withUnquotedCasing(Casing.UNCHANGED)
                .withQuotedCasing(Casing.UNCHANGED)
                .withConformance(SqlConformanceEnum.LENIENT)
                .withIdentifierMaxLength(256);
    }

    /**
     * The keywords of the parser that are not SQL:2003 reserved words, comma-separated (what JDBC's
     * {@code DatabaseMetaData.getSQLKeywords} reports).
     */
    public static String nonStandardKeywords() {
        return SqlParser.create("", parserConfig()).getMetadata().getJdbcKeywords();
    }

    /** Parses one statement. EXPLAIN and EXPLAIN ANALYZE prefixes are recognised before Calcite's parser. */
    public ParsedStatement parse(String text) {
        requireNonNull(text, "text");
        String sql = stripTrailingSemicolon(text);
        StatementKind kind = StatementKind.QUERY;
        Matcher explain = EXPLAIN_PREFIX.matcher(sql);
        if (explain.find()) {
            kind = explain.group(1) != null ? StatementKind.EXPLAIN_ANALYZE : StatementKind.EXPLAIN;
            // Blank the prefix instead of cutting it so that line and column numbers in errors stay those the user wrote.
            sql = " ".repeat(explain.end()) + sql.substring(explain.end());
        }
        SqlNode node;
        try {
            node = SqlParser.create(sql, parserConfig()).parseStmt();
        } catch (SqlParseException e) {
            throw new ProteusSqlException(QueryError.SYNTAX, syntaxMessage(e), e);
        }
        if (node instanceof SqlSetOption setOption) {
            if (kind != StatementKind.QUERY) {
                throw new ProteusSqlException(QueryError.NOT_SUPPORTED, "EXPLAIN of SET is not supported");
            }
            String name = setOption.getName().toString().toLowerCase(Locale.ROOT);
            String value = setOption.getValue() == null ? null : literalText(setOption.getValue());
            return new ParsedStatement(StatementKind.SET, text, null, name, value);
        }
        if (!node.isA(SqlKind.QUERY)) {
            throw new ProteusSqlException(QueryError.NOT_SUPPORTED,
                    "Statement not supported: " + node.getKind() + " (Proteus runs queries, EXPLAIN and SET)");
        }
        return new ParsedStatement(kind, text, node, null, null);
    }

    /** Validates, converts and optimises a parsed query in the session's default catalog and schema. */
    public PlannedQuery plan(SqlNode query, SessionContext session) {
        requireNonNull(query, "query");
        requireNonNull(session, "session");
        CalciteCatalogReader catalogReader = catalogReader(session);
        SqlValidator validator = SqlValidatorUtil.newValidator(
                // One table holding each operator once: an operator found twice is not resolved early, and then
                // count(*) and friends fail to validate.
                SqlOperatorTables.chain(
                        SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD),
                        // Functions users of DuckDB, PostgreSQL and Trino expect that are not in the standard library.
                        SqlOperatorTables.of(SqlLibraryOperators.CONCAT_FUNCTION_WITH_NULL,
                                SqlLibraryOperators.SUBSTR_POSTGRESQL, SqlLibraryOperators.LENGTH)),
                catalogReader,
                typeFactory,
                SqlValidator.Config.DEFAULT
                        .withConformance(SqlConformanceEnum.LENIENT)
                        .withIdentifierExpansion(true)
                        .withDefaultNullCollation(NullCollation.LAST)
                        .withTypeCoercionEnabled(true)
                        .withTypeCoercionFactory(DateArithmeticCoercion::new));
        SqlNode validated;
        try {
            validated = validator.validate(query);
        } catch (CalciteContextException e) {
            throw new ProteusSqlException(QueryError.VALIDATION, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ProteusSqlException(QueryError.VALIDATION, Util.first(e.getMessage(), e.toString()), e);
        }
        VolcanoPlanner planner = new VolcanoPlanner(Contexts.empty());
        planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
        planner.addRelTraitDef(RelCollationTraitDef.INSTANCE);
        RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(typeFactory));
        cluster.setMetadataProvider(JoinSelectivity.PROVIDER);
        cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(JoinSelectivity.COMPILED));
        SqlToRelConverter converter = new SqlToRelConverter(
                (rowType, queryString, schemaPath, viewPath) -> {
                    throw new UnsupportedOperationException("views are not supported");
                },
                validator, catalogReader, cluster, StandardConvertletTable.INSTANCE,
                SqlToRelConverter.config().withTrimUnusedFields(true).withExpand(false).withInSubQueryThreshold(Integer.MAX_VALUE));
        RelRoot root;
        try {
            root = converter.convertQuery(validated, false, true);
        } catch (CalciteContextException e) {
            throw new ProteusSqlException(QueryError.VALIDATION, e.getMessage(), e);
        }
        RelBuilder relBuilder = RelBuilder.proto(Contexts.empty()).create(cluster, catalogReader);
        RelNode optimized = optimizer.optimize(root.project(), relBuilder);
        RelDataType rowType = optimized.getRowType();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < root.fields.size(); i++) {
            names.add(root.fields.get(i).getValue());
        }
        if (names.size() != rowType.getFieldCount()) {
            names = rowType.getFieldList().stream().map(RelDataTypeField::getName).toList();
        }
        List<RelDataType> parameterTypes = validator.getParameterRowType(validated).getFieldList().stream()
                .map(RelDataTypeField::getType)
                .toList();
        return new PlannedQuery(optimized, names, rowType, parameterTypes);
    }

    /**
     * Returns a copy of a parsed query in which each {@code ?} parameter is replaced by its value, cast to the type the
     * validator inferred for it ({@link PlannedQuery#parameterTypes()}), so that the bound query validates to the same
     * row type as the statement with parameters. Values may be null, numbers, strings, booleans or
     * {@link LocalDate}s.
     *
     * @throws ProteusSqlException if the number of values differs from the number of parameters or a value's type is
     *     not supported
     */
    public static SqlNode bindParameters(SqlNode query, List<RelDataType> parameterTypes, List<?> values) {
        requireNonNull(query, "query");
        requireNonNull(parameterTypes, "parameterTypes");
        requireNonNull(values, "values");
        if (values.size() != parameterTypes.size()) {
            throw new ProteusSqlException(QueryError.VALIDATION, "The statement has " + parameterTypes.size()
                    + " parameter(s) but " + values.size() + " value(s) were given");
        }
        return query.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlDynamicParam parameter) {
                int index = parameter.getIndex();
                SqlNode literal = ParameterLiterals.literal(index, values.get(index));
                if (ParameterLiterals.isUnicodeText(literal)) {
                    // Calcite cannot cast between character sets; the validator types the UTF-8 literal itself.
                    return literal;
                }
                return SqlStdOperatorTable.CAST.createCall(SqlParserPos.ZERO, literal,
                        SqlTypeUtil.convertTypeToSpec(parameterTypes.get(index)));
            }
        });
    }

    private CalciteCatalogReader catalogReader(SessionContext session) {
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        CalciteConnectionConfig config = new CalciteConnectionConfigImpl(properties);
        List<List<String>> paths = new ArrayList<>();
        if (session.catalog() != null && session.schema() != null) {
            paths.add(List.of(session.catalog(), session.schema()));
        }
        if (session.catalog() != null) {
            paths.add(List.of(session.catalog()));
        }
        paths.add(List.of());
        // The constructor taking several search paths is protected; an anonymous subclass reaches it.
        return new CalciteCatalogReader(rootSchema, SqlNameMatchers.withCaseSensitive(false), paths, typeFactory, config) { };
    }

    /** Looks up a table by qualified name, for tests and tools. */
    public RelOptTable table(SessionContext session, List<String> name) {
        return catalogReader(session).getTable(name);
    }

    private static String stripTrailingSemicolon(String text) {
        String trimmed = text.stripTrailing();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).stripTrailing();
        }
        return trimmed;
    }

    private static String syntaxMessage(SqlParseException e) {
        String message = e.getMessage();
        int firstLineEnd = message.indexOf('\n');
        String headline = firstLineEnd < 0 ? message : message.substring(0, firstLineEnd);
        if (e.getPos() != null && !headline.contains("line " + e.getPos().getLineNum())) {
            headline = headline + " at line " + e.getPos().getLineNum() + ", column " + e.getPos().getColumnNum();
        }
        return "Syntax error: " + headline;
    }

    private static String literalText(SqlNode value) {
        if (value instanceof SqlLiteral literal) {
            Object javaValue = literal.getValue();
            if (javaValue instanceof org.apache.calcite.util.NlsString text) {
                return text.getValue();
            }
            return literal.toValue();
        }
        if (value instanceof SqlIdentifier identifier) {
            return identifier.toString();
        }
        return value.toString();
    }
}
