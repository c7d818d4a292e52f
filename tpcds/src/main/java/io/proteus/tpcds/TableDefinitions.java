package io.proteus.tpcds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Turns the reference TPC-DS DDL ({@code create table name(column type [not null], ...);}) into Arrow schemas. */
final class TableDefinitions {

    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?is)\\s*create\\s+table\\s+(\\w+)\\s*\\((.*)\\)\\s*;?\\s*");
    private static final Pattern COLUMN =
            Pattern.compile("(?is)(\\w+)\\s+(\\w+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*(not\\s+null)?");
    private static final int DECIMAL_BIT_WIDTH = 128;

    private TableDefinitions() {}

    /**
     * Parses one {@code create table} statement.
     *
     * @throws IllegalArgumentException if the statement is not of the expected form or uses an unknown type
     */
    static TpcdsTable parse(String ddl) {
        Matcher statement = CREATE_TABLE.matcher(ddl);
        if (!statement.matches()) {
            throw new IllegalArgumentException("Not a create table statement: " + ddl);
        }
        String tableName = statement.group(1).toLowerCase(Locale.ROOT);
        List<Field> fields = new ArrayList<>();
        for (String columnDefinition : splitTopLevel(statement.group(2))) {
            if (columnDefinition.isBlank()) {
                continue;
            }
            fields.add(field(tableName, columnDefinition.strip()));
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("Table " + tableName + " has no columns");
        }
        return new TpcdsTable(tableName, new Schema(fields));
    }

    private static Field field(String tableName, String columnDefinition) {
        Matcher column = COLUMN.matcher(columnDefinition);
        if (!column.matches()) {
            throw new IllegalArgumentException("Cannot parse column of " + tableName + ": " + columnDefinition);
        }
        String name = column.group(1).toLowerCase(Locale.ROOT);
        String type = column.group(2).toLowerCase(Locale.ROOT);
        String length = column.group(3);
        String scale = column.group(4);
        boolean nullable = column.group(5) == null;
        Map<String, String> metadata = null;
        ArrowType arrowType = switch (type) {
            case "integer", "int" -> {
                requireNoArguments(tableName, columnDefinition, length);
                yield new ArrowType.Int(32, true);
            }
            case "date" -> {
                requireNoArguments(tableName, columnDefinition, length);
                yield new ArrowType.Date(DateUnit.DAY);
            }
            case "decimal", "numeric" -> {
                if (length == null) {
                    throw unsupported(tableName, columnDefinition);
                }
                yield new ArrowType.Decimal(
                        Integer.parseInt(length), scale == null ? 0 : Integer.parseInt(scale), DECIMAL_BIT_WIDTH);
            }
            case "varchar", "char" -> {
                if (length == null || scale != null) {
                    throw unsupported(tableName, columnDefinition);
                }
                metadata = Map.of(TpcdsCatalog.VARCHAR_LENGTH_METADATA_KEY, length);
                yield ArrowType.Utf8.INSTANCE;
            }
            default -> throw unsupported(tableName, columnDefinition);
        };
        return new Field(name, new FieldType(nullable, arrowType, null, metadata), null);
    }

    private static void requireNoArguments(String tableName, String columnDefinition, String length) {
        if (length != null) {
            throw unsupported(tableName, columnDefinition);
        }
    }

    private static IllegalArgumentException unsupported(String tableName, String columnDefinition) {
        return new IllegalArgumentException("Unsupported column type in " + tableName + ": " + columnDefinition);
    }

    /** Splits on commas outside parentheses, so that {@code decimal(7,2)} stays whole. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character == '(') {
                depth++;
            } else if (character == ')') {
                depth--;
            } else if (character == ',' && depth == 0) {
                parts.add(text.substring(start, index));
                start = index + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
