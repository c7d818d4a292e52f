package io.proteus.tpcds;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Compares a query result with an expected answer the way the reference checker {@code shared/tools/SqlCheck.java}
 * does, so that a query passes here exactly when it passes there.
 *
 * <p>Rows are text lines with the values separated by {@code |} and {@code NULL} for null, as in the answer files
 * (whose first line is a header). Two values match when they are equal as text, when they are equal after stripping
 * surrounding white space, or when both are numbers (text starting with a digit, {@code -} or {@code .}) that differ
 * by at most {@value #ABSOLUTE_TOLERANCE} or by at most {@value #RELATIVE_TOLERANCE} of the larger magnitude. A
 * result matches when it has as many rows as expected and every row matches the expected row at the same position:
 * the same rows in another order do not match, but are reported as such.
 */
public final class AnswerComparison {

    /** The text of a null value. */
    public static final String NULL = "NULL";

    /** The largest absolute difference between two matching numbers. */
    public static final double ABSOLUTE_TOLERANCE = 0.011;

    /** The largest difference between two matching numbers relative to the larger magnitude. */
    public static final double RELATIVE_TOLERANCE = 1e-4;

    private static final char SEPARATOR = '|';

    private AnswerComparison() {}

    /**
     * Reads the remaining rows of a result set as answer lines: values separated by {@code |}, {@code NULL} for null,
     * decimals without exponent.
     */
    public static List<String> readRows(ResultSet resultSet) throws SQLException {
        requireNonNull(resultSet, "resultSet");
        ResultSetMetaData metadata = resultSet.getMetaData();
        int columnCount = metadata.getColumnCount();
        List<String> rows = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        while (resultSet.next()) {
            row.setLength(0);
            for (int column = 1; column <= columnCount; column++) {
                if (column > 1) {
                    row.append(SEPARATOR);
                }
                row.append(format(resultSet.getObject(column)));
            }
            rows.add(row.toString());
        }
        return rows;
    }

    /** Returns a value as it appears in an answer line: {@code NULL} for null, decimals without exponent. */
    public static String format(Object value) {
        return switch (value) {
            case null -> NULL;
            case BigDecimal decimal -> decimal.toPlainString();
            default -> value.toString();
        };
    }

    /** Returns the rows of an answer file given as lines, that is, every line after the header. */
    public static List<String> answerRows(List<String> answerLines) {
        requireNonNull(answerLines, "answerLines");
        if (answerLines.isEmpty()) {
            throw new IllegalArgumentException("An answer has at least a header line");
        }
        return List.copyOf(answerLines.subList(1, answerLines.size()));
    }

    /**
     * Compares a result with the expected rows.
     *
     * @param expectedRows the expected rows, without header
     * @param actualRows the rows of the result
     * @return empty when the result matches, else a description of the first difference
     */
    public static Optional<String> difference(List<String> expectedRows, List<String> actualRows) {
        requireNonNull(expectedRows, "expectedRows");
        requireNonNull(actualRows, "actualRows");
        if (expectedRows.size() != actualRows.size()) {
            return Optional.of("expected " + rows(expectedRows.size()) + ", got " + actualRows.size());
        }
        int firstDifference = -1;
        for (int row = 0; row < expectedRows.size(); row++) {
            if (!rowsMatch(expectedRows.get(row), actualRows.get(row))) {
                firstDifference = row;
                break;
            }
        }
        if (firstDifference < 0) {
            return Optional.empty();
        }
        String rowDifference = "row " + (firstDifference + 1) + ": expected [" + expectedRows.get(firstDifference)
                + "] got [" + actualRows.get(firstDifference) + "]";
        // The reference checker tells rows that are only out of order from wrong rows by comparing both sorted.
        List<String> expectedSorted = new ArrayList<>(expectedRows);
        List<String> actualSorted = new ArrayList<>(actualRows);
        Comparator<String> bySortKey = Comparator.comparing(AnswerComparison::sortKey);
        expectedSorted.sort(bySortKey);
        actualSorted.sort(bySortKey);
        for (int row = 0; row < expectedSorted.size(); row++) {
            if (!rowsMatch(expectedSorted.get(row), actualSorted.get(row))) {
                return Optional.of(rowDifference);
            }
        }
        return Optional.of("the expected rows in another order; " + rowDifference);
    }

    /** Returns whether two rows have the same number of values and every value matches. */
    public static boolean rowsMatch(String expectedRow, String actualRow) {
        String[] expected = split(expectedRow);
        String[] actual = split(actualRow);
        if (expected.length != actual.length) {
            return false;
        }
        for (int column = 0; column < expected.length; column++) {
            if (!valuesMatch(expected[column], actual[column])) {
                return false;
            }
        }
        return true;
    }

    /** Returns whether two values match: as text, as stripped text, or as numbers within the tolerances. */
    public static boolean valuesMatch(String expected, String actual) {
        requireNonNull(expected, "expected");
        requireNonNull(actual, "actual");
        if (expected.equals(actual)) {
            return true;
        }
        Double expectedNumber = number(expected);
        Double actualNumber = number(actual);
        if (expectedNumber == null || actualNumber == null) {
            return expected.strip().equals(actual.strip());
        }
        double difference = Math.abs(expectedNumber - actualNumber);
        // Written as the reference checker writes it: a NaN difference is not a mismatch there either.
        boolean outsideTolerance = difference > ABSOLUTE_TOLERANCE
                && difference > RELATIVE_TOLERANCE * Math.max(Math.abs(expectedNumber), Math.abs(actualNumber));
        return !outsideTolerance;
    }

    private static String[] split(String row) {
        requireNonNull(row, "row");
        return row.split("\\|", -1);
    }

    /** Returns the value as a number when it is one: it starts with a digit, '-' or '.' and parses as a double. */
    private static Double number(String value) {
        if (value.isEmpty() || value.equals(NULL)) {
            return null;
        }
        char first = value.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '.')) {
            return null;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Orders rows by their values, numbers rounded to one decimal so that rows within tolerance sort together. */
    private static String sortKey(String row) {
        StringBuilder key = new StringBuilder();
        for (String value : split(row)) {
            Double number = number(value);
            key.append(number != null ? String.format(Locale.ROOT, "%020.1f", number + 1e15) : value).append(SEPARATOR);
        }
        return key.toString();
    }

    private static String rows(int count) {
        return count == 1 ? "1 row" : count + " rows";
    }
}
