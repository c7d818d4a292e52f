package io.proteus.server.cli;

import static java.util.Objects.requireNonNull;

import io.proteus.jdbc.ProteusStatement;
import io.proteus.jdbc.QueryRuntimeInformation;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs SQL statements on a connection for {@code proteus sql} and prints their results, errors (with the line and
 * column of a syntax error pointed at) and, in an interactive session, a progress line while a query runs and a
 * timing line after it.
 */
final class SqlShell {

    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    private final Connection connection;
    private final ResultFormatter formatter;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Optional<ProgressTerminal> progressTerminal;

    /**
     * Where the progress line is drawn, and how wide it may be.
     *
     * @param writer the terminal's writer
     * @param width its width in columns
     */
    record ProgressTerminal(PrintWriter writer, int width) {
        ProgressTerminal {
            requireNonNull(writer, "writer");
        }
    }

    /** Something a statement may register to be cancelled by, such as Ctrl-C on a terminal. */
    interface CancelHook {
        /** Makes {@code cancel} run on an interrupt until the returned registration is closed. */
        AutoCloseable onInterrupt(Runnable cancel);
    }

    private final CancelHook cancelHook;

    SqlShell(Connection connection, OutputFormat format, PrintWriter out, PrintWriter err,
            Optional<ProgressTerminal> progressTerminal, CancelHook cancelHook) {
        this.connection = requireNonNull(connection, "connection");
        this.formatter = new ResultFormatter(format, out);
        this.out = requireNonNull(out, "out");
        this.err = requireNonNull(err, "err");
        this.progressTerminal = requireNonNull(progressTerminal, "progressTerminal");
        this.cancelHook = requireNonNull(cancelHook, "cancelHook");
    }

    /**
     * Runs one statement and prints its result or error.
     *
     * @param sql the statement, without its terminating semicolon
     * @param timing whether to print the timing line after a result
     * @return true if it succeeded
     */
    boolean run(String sql, boolean timing) {
        long started = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            ProteusStatement proteus = statement.unwrap(ProteusStatement.class);
            boolean hasResult;
            long rows = 0;
            try (AutoCloseable cancel = cancelHook.onInterrupt(() -> cancelQuietly(statement))) {
                ResultSet resultSet;
                try (QueryProgressMonitor monitor = progressTerminal
                        .map(terminal -> QueryProgressMonitor.start(proteus, terminal.writer(), terminal.width()))
                        .orElse(null)) {
                    hasResult = statement.execute(sql);
                    resultSet = hasResult ? statement.getResultSet() : null;
                    if (resultSet != null) {
                        // The first rows are here; the rest stream while they print.
                        resultSet.isBeforeFirst();
                    }
                }
                if (resultSet != null) {
                    try (resultSet) {
                        rows = formatter.print(resultSet);
                    }
                } else {
                    out.println(firstWord(sql));
                    out.flush();
                }
            }
            if (timing) {
                printTiming(proteus, hasResult, rows, started);
            }
            return true;
        } catch (SQLException e) {
            printError(sql, e);
            return false;
        } catch (Exception e) {
            printError(sql, new SQLException(e.getMessage() == null ? e.toString() : e.getMessage(), e));
            return false;
        }
    }

    private static void cancelQuietly(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException ignored) {
            // The statement is over already.
        }
    }

    private void printTiming(ProteusStatement statement, boolean hasResult, long rows, long started) {
        double clientSeconds = (System.nanoTime() - started) / 1e9;
        if (!hasResult || statement.queryId().isEmpty()) {
            err.printf(Locale.ROOT, "%.2f s%n", clientSeconds);
            err.flush();
            return;
        }
        try {
            QueryRuntimeInformation information = statement.queryRuntimeInformation();
            int stages = information.stages().size();
            err.printf(Locale.ROOT, "Query %s %s: %d %s in %.2f s (%.2f s planning), %d %s, %.2f slot-seconds, %s shuffled%n",
                    information.queryId(), information.state().toLowerCase(Locale.ROOT), rows, rows == 1 ? "row" : "rows",
                    clientSeconds, information.planningSeconds(), stages, stages == 1 ? "stage" : "stages",
                    information.slotSeconds(), bytes(information.bytesShuffled()));
        } catch (SQLException e) {
            err.printf(Locale.ROOT, "Query %s: %d rows in %.2f s%n", statement.queryId().get(), rows, clientSeconds);
        }
        err.flush();
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Prints "Query failed: message", and for an error with a position the statement's line with a caret under it. */
    void printError(String sql, SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        err.println("Query failed: " + message);
        Matcher position = POSITION.matcher(message);
        if (position.find()) {
            int lineNumber = Integer.parseInt(position.group(1));
            int column = Integer.parseInt(position.group(2));
            String[] lines = sql.split("\n", -1);
            if (lineNumber >= 1 && lineNumber <= lines.length && column >= 1) {
                String prefix = "LINE " + lineNumber + ": ";
                String line = lines[lineNumber - 1];
                err.println(prefix + line);
                int caret = Math.min(column - 1, line.length());
                err.println(" ".repeat(prefix.length() + ResultFormatter.displayWidth(line.substring(0, caret))) + "^");
            }
        }
        err.flush();
    }

    private static String firstWord(String sql) {
        String stripped = StatementSplitter.stripComments(sql).strip();
        int end = 0;
        while (end < stripped.length() && Character.isLetter(stripped.charAt(end))) {
            end++;
        }
        return end == 0 ? "OK" : stripped.substring(0, end).toUpperCase(Locale.ROOT);
    }
}
