package io.proteus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Table, CSV and JSON output of NULLs, decimals, dates, wide Unicode text and awkward characters. */
class ResultFormatterTest {

    private static final List<ResultColumn> COLUMNS = List.of(
            new ResultColumn("id", Types.INTEGER),
            new ResultColumn("city", Types.VARCHAR),
            new ResultColumn("price", Types.DECIMAL),
            new ResultColumn("sold", Types.DATE));

    private static final List<List<Object>> ROWS = List.of(
            Arrays.asList(1, "Zürich", new BigDecimal("1234.50"), Date.valueOf("2000-03-01")),
            Arrays.asList(22, "東京", new BigDecimal("-0.05"), null),
            Arrays.asList(null, "a, \"quoted\"\nline", new BigDecimal("1E+3"), Date.valueOf("1999-12-31")));

    private static String format(OutputFormat format) {
        StringWriter text = new StringWriter();
        ResultFormatter formatter = new ResultFormatter(format, new PrintWriter(text, true));
        formatter.printRows(COLUMNS, ROWS, true);
        return text.toString();
    }

    @Test
    void tableAlignsByDisplayWidthNumbersRightTextLeft() {
        List<String> lines = format(OutputFormat.TABLE).lines().toList();
        assertThat(lines).containsExactly(
                "  id  |       city        |  price  |    sold",
                "------+-------------------+---------+------------",
                "    1 | Zürich            | 1234.50 | 2000-03-01",
                "   22 | 東京              |   -0.05 | NULL",
                " NULL | a, \"quoted\"\\nline |    1000 | 1999-12-31");
        // Every row ends its columns at the same terminal column, wide characters counting two.
        assertThat(lines.subList(2, 5)).allSatisfy(line ->
                assertThat(ResultFormatter.displayWidth(line.substring(0, line.lastIndexOf('|'))))
                        .isEqualTo(ResultFormatter.displayWidth(lines.get(1).substring(0, lines.get(1).lastIndexOf('+')))));
    }

    @Test
    void csvQuotesWhatNeedsItAndLeavesNullEmpty() {
        assertThat(format(OutputFormat.CSV)).isEqualTo("""
                id,city,price,sold
                1,Zürich,1234.50,2000-03-01
                22,東京,-0.05,
                ,"a, ""quoted""
                line",1000,1999-12-31
                """);
    }

    @Test
    void jsonWritesOneObjectPerRowWithExactNumbers() {
        assertThat(format(OutputFormat.JSON).lines().toList()).containsExactly(
                "{\"id\":1,\"city\":\"Zürich\",\"price\":1234.50,\"sold\":\"2000-03-01\"}",
                "{\"id\":22,\"city\":\"東京\",\"price\":-0.05,\"sold\":null}",
                "{\"id\":null,\"city\":\"a, \\\"quoted\\\"\\nline\",\"price\":1E+3,\"sold\":\"1999-12-31\"}");
    }

    @Test
    void displayWidthCountsWideCharactersTwice() {
        assertThat(ResultFormatter.displayWidth("abc")).isEqualTo(3);
        assertThat(ResultFormatter.displayWidth("東京")).isEqualTo(4);
        assertThat(ResultFormatter.displayWidth("e\u0301")).isEqualTo(1);
    }
}
