package io.proteus.server;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a JDBC result with an expected answer file ({@code |}-separated, header first, {@code NULL} for null):
 * numbers within 1e-4 relative or 0.011 absolute, everything else as text, rows in order.
 */
final class AnswerComparison {

    private AnswerComparison() {
    }

    static List<List<String>> read(ResultSet resultSet) throws SQLException {
        ResultSetMetaData metadata = resultSet.getMetaData();
        List<List<String>> rows = new ArrayList<>();
        while (resultSet.next()) {
            List<String> row = new ArrayList<>();
            for (int column = 1; column <= metadata.getColumnCount(); column++) {
                Object value = resultSet.getObject(column);
                row.add(value == null ? "NULL" : value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
            }
            rows.add(row);
        }
        return rows;
    }

    /** Returns null when the result matches, else a description of the first difference. */
    static String difference(List<String> expectedLines, List<List<String>> actual) {
        List<String> expected = expectedLines.subList(1, expectedLines.size()).stream().filter(line -> !line.isEmpty()).toList();
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " rows, got " + actual.size();
        }
        for (int row = 0; row < expected.size(); row++) {
            String[] expectedValues = expected.get(row).split("\\|", -1);
            List<String> actualValues = actual.get(row);
            if (expectedValues.length != actualValues.size()) {
                return "row " + row + ": expected " + expectedValues.length + " columns, got " + actualValues.size();
            }
            for (int column = 0; column < expectedValues.length; column++) {
                if (!matches(expectedValues[column], actualValues.get(column))) {
                    return "row " + row + " column " + column + ": expected '" + expectedValues[column] + "' got '"
                            + actualValues.get(column) + "'\n  expected row: " + expected.get(row) + "\n  actual row:   " + actualValues;
                }
            }
        }
        return null;
    }

    static boolean matches(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        try {
            double expectedNumber = Double.parseDouble(expected);
            double actualNumber = Double.parseDouble(actual);
            double difference = Math.abs(expectedNumber - actualNumber);
            return difference <= 0.011 || difference <= 1e-4 * Math.abs(expectedNumber);
        } catch (NumberFormatException e) {
            return expected.strip().equals(actual.strip());
        }
    }
}
