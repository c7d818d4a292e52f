package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import io.proteus.tpcds.TpcdsCatalog;
import io.proteus.tpcds.TpcdsTable;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds the TPC-DS tables a query reads, so that a benchmark loads only those into the engine it compares with: every
 * catalog table whose name appears in the SQL text as a whole word outside string literals and comments. A column
 * alias that happens to be a table name makes a table load that is not needed, which costs time but not correctness.
 */
public final class QueryTables {

    private static final Pattern LINE_COMMENT = Pattern.compile("--[^\\n]*");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");

    private QueryTables() {}

    /** Returns the names of the TPC-DS tables a query reads, in alphabetical order. */
    public static Set<String> referencedBy(String sql) {
        requireNonNull(sql, "sql");
        String text = STRING_LITERAL.matcher(sql).replaceAll("''");
        text = BLOCK_COMMENT.matcher(text).replaceAll(" ");
        text = LINE_COMMENT.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT);
        Set<String> tables = new TreeSet<>();
        for (TpcdsTable table : TpcdsCatalog.tables()) {
            if (Pattern.compile("(?<![a-z0-9_$\"])" + Pattern.quote(table.name()) + "(?![a-z0-9_$\"])").matcher(text).find()
                    || text.contains("\"" + table.name() + "\"")) {
                tables.add(table.name());
            }
        }
        return tables;
    }

    /** Returns the names of the TPC-DS tables any of the queries reads, in alphabetical order. */
    public static Set<String> referencedByAny(Collection<String> sqlTexts) {
        Set<String> tables = new TreeSet<>();
        sqlTexts.forEach(sql -> tables.addAll(referencedBy(sql)));
        return tables;
    }
}
