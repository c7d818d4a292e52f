package io.proteus.server.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * Prints result rows in one of the {@link OutputFormat}s. Tables are aligned by display width (East Asian wide
 * characters take two columns), numbers to the right and text to the left, under a centred header and a ruler, and
 * end with the row count; a long result is printed in blocks of {@value #TABLE_BLOCK_ROWS} rows, each aligned on its
 * own, so that the first rows show before the last arrive.
 */
final class ResultFormatter {

    static final int TABLE_BLOCK_ROWS = 10_000;
    static final String NULL_TEXT = "NULL";
    private static final JsonFactory JSON = new JsonFactory();

    private final OutputFormat format;
    private final PrintWriter out;

    ResultFormatter(OutputFormat format, PrintWriter out) {
        this.format = requireNonNull(format, "format");
        this.out = requireNonNull(out, "out");
    }

    /** Prints every row of a result set; returns the number of rows. */
    long print(ResultSet resultSet) throws SQLException {
        ResultSetMetaData metaData = resultSet.getMetaData();
        List<ResultColumn> columns = new ArrayList<>();
        for (int column = 1; column <= metaData.getColumnCount(); column++) {
            columns.add(new ResultColumn(metaData.getColumnLabel(column), metaData.getColumnType(column)));
        }
        List<List<Object>> block = new ArrayList<>();
        long rows = 0;
        boolean headerPrinted = false;
        while (resultSet.next()) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int column = 1; column <= columns.size(); column++) {
                row.add(resultSet.getObject(column));
            }
            block.add(row);
            rows++;
            if (block.size() == TABLE_BLOCK_ROWS) {
                printRows(columns, block, !headerPrinted);
                headerPrinted = true;
                block.clear();
            }
        }
        if (!block.isEmpty() || !headerPrinted) {
            printRows(columns, block, !headerPrinted);
        }
        if (format == OutputFormat.TABLE) {
            out.println(rows == 1 ? "(1 row)" : "(" + rows + " rows)");
        }
        out.flush();
        return rows;
    }

    /** Prints rows, with the header first if asked (table and CSV). */
    void printRows(List<ResultColumn> columns, List<List<Object>> rows, boolean withHeader) {
        switch (format) {
            case TABLE -> printTable(columns, rows, withHeader);
            case CSV -> printCsv(columns, rows, withHeader);
            case JSON -> printJson(columns, rows);
        }
    }

    private void printTable(List<ResultColumn> columns, List<List<Object>> rows, boolean withHeader) {
        int[] widths = new int[columns.size()];
        for (int column = 0; column < columns.size(); column++) {
            widths[column] = displayWidth(columns.get(column).name());
        }
        List<String[]> cells = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            String[] texts = new String[columns.size()];
            for (int column = 0; column < columns.size(); column++) {
                texts[column] = tableText(row.get(column));
                widths[column] = Math.max(widths[column], displayWidth(texts[column]));
            }
            cells.add(texts);
        }
        if (withHeader) {
            StringBuilder header = new StringBuilder();
            StringBuilder ruler = new StringBuilder();
            for (int column = 0; column < columns.size(); column++) {
                if (column > 0) {
                    header.append('|');
                    ruler.append('+');
                }
                String name = columns.get(column).name();
                int padding = widths[column] - displayWidth(name);
                header.append(' ').append(" ".repeat(padding / 2)).append(name).append(" ".repeat(padding - padding / 2)).append(' ');
                ruler.append("-".repeat(widths[column] + 2));
            }
            out.println(header.toString().stripTrailing());
            out.println(ruler);
        }
        for (String[] texts : cells) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < columns.size(); column++) {
                if (column > 0) {
                    line.append('|');
                }
                String padding = " ".repeat(widths[column] - displayWidth(texts[column]));
                boolean right = columns.get(column).numeric();
                line.append(' ').append(right ? padding : "").append(texts[column]).append(right ? "" : padding).append(' ');
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private void printCsv(List<ResultColumn> columns, List<List<Object>> rows, boolean withHeader) {
        if (withHeader) {
            out.println(String.join(",", columns.stream().map(column -> csvField(column.name())).toList()));
        }
        for (List<Object> row : rows) {
            List<String> fields = new ArrayList<>(row.size());
            for (Object value : row) {
                fields.add(value == null ? "" : csvField(text(value)));
            }
            out.println(String.join(",", fields));
        }
    }

    private static String csvField(String text) {
        boolean quote = text.isEmpty() || text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0 || !text.equals(text.strip());
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    private void printJson(List<ResultColumn> columns, List<List<Object>> rows) {
        for (List<Object> row : rows) {
            java.io.StringWriter line = new java.io.StringWriter();
            try (JsonGenerator generator = JSON.createGenerator(line)) {
                generator.writeStartObject();
                for (int column = 0; column < columns.size(); column++) {
                    generator.writeFieldName(columns.get(column).name());
                    writeJsonValue(generator, row.get(column));
                }
                generator.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println(line);
        }
    }

    private static void writeJsonValue(JsonGenerator generator, Object value) throws IOException {
        switch (value) {
            case null -> generator.writeNull();
            case Boolean bool -> generator.writeBoolean(bool);
            case Integer number -> generator.writeNumber(number);
            case Long number -> generator.writeNumber(number);
            case Short number -> generator.writeNumber(number);
            case Byte number -> generator.writeNumber(number);
            case BigInteger number -> generator.writeNumber(number);
            case BigDecimal number -> generator.writeNumber(number);
            case Double number when Double.isFinite(number) -> generator.writeNumber(number);
            case Float number when Float.isFinite(number) -> generator.writeNumber(number);
            default -> generator.writeString(text(value));
        }
    }

    /** A value as text: exact decimals without exponent, dates as yyyy-mm-dd, bytes in hex. */
    static String text(Object value) {
        return switch (value) {
            case null -> NULL_TEXT;
            case BigDecimal number -> number.toPlainString();
            case byte[] bytes -> HexFormat.of().formatHex(bytes);
            case Object[] array -> Arrays.toString(array);
            default -> value.toString();
        };
    }

    /** A value as a table cell: like {@link #text}, with control characters made visible so rows stay one line. */
    static String tableText(Object value) {
        String text = text(value);
        StringBuilder visible = null;
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (Character.isISOControl(character)) {
                if (visible == null) {
                    visible = new StringBuilder(text.substring(0, index));
                }
                visible.append(switch (character) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format("\\u%04x", (int) character);
                });
            } else if (visible != null) {
                visible.append(character);
            }
        }
        return visible == null ? text : visible.toString();
    }

    /** The number of terminal columns a text takes (wide characters count two, combining marks none). */
    static int displayWidth(String text) {
        int width = 0;
        for (int index = 0; index < text.length(); ) {
            int codePoint = text.codePointAt(index);
            width += Math.max(0, WCWidth.wcwidth(codePoint));
            index += Character.charCount(codePoint);
        }
        return width;
    }
}
