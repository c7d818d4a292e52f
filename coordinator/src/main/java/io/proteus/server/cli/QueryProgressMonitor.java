package io.proteus.server.cli;

import static java.util.Objects.requireNonNull;

import io.proteus.jdbc.ProteusStatement;
import io.proteus.jdbc.QueryProgress;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows a running query's progress on the terminal's last line: elapsed time, a bar of the tasks finished out of those
 * scheduled so far, the stages done and the stage running, as the coordinator reports them. It appears only once the
 * query has run for a moment and is erased when closed, before the results are printed.
 */
final class QueryProgressMonitor implements AutoCloseable {

    private static final Duration FIRST_UPDATE = Duration.ofMillis(800);
    private static final Duration UPDATE_INTERVAL = Duration.ofMillis(250);
    private static final int BAR_WIDTH = 24;
    private static final String ERASE_LINE = "\r\u001b[K";

    private final ProteusStatement statement;
    private final PrintWriter terminal;
    private final int width;
    private final Thread thread;
    private volatile boolean stopped;
    private boolean shown;

    private QueryProgressMonitor(ProteusStatement statement, PrintWriter terminal, int width) {
        this.statement = requireNonNull(statement, "statement");
        this.terminal = requireNonNull(terminal, "terminal");
        this.width = width;
        this.thread = Thread.ofPlatform().daemon().name("proteus-sql-progress").unstarted(this::run);
    }

    /** Starts following the statement's query, drawing on a terminal of the given width. */
    static QueryProgressMonitor start(ProteusStatement statement, PrintWriter terminal, int width) {
        QueryProgressMonitor monitor = new QueryProgressMonitor(statement, terminal, width);
        monitor.thread.start();
        return monitor;
    }

    private void run() {
        try {
            Thread.sleep(FIRST_UPDATE);
            while (!stopped) {
                if (statement.queryId().isPresent()) {
                    try {
                        draw(line(statement.progress(), width));
                    } catch (SQLException e) {
                        // The query may not be registered yet, or already gone: try again at the next update.
                    }
                }
                Thread.sleep(UPDATE_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void draw(String line) {
        if (stopped) {
            return;
        }
        terminal.print(ERASE_LINE + line);
        terminal.flush();
        shown = true;
    }

    /** The progress line, cut to the terminal's width. */
    static String line(QueryProgress progress, int width) {
        int filled = (int) Math.round(progress.taskFraction() * BAR_WIDTH);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 && filled < BAR_WIDTH ? ">" : filled > 0 ? "=" : "")
                + " ".repeat(BAR_WIDTH - filled);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%6.1fs [%s] %d/%d tasks, %d %s done",
                progress.elapsedSeconds(), bar, progress.tasksFinished(), progress.tasksScheduled(), progress.stagesFinished(),
                progress.stagesFinished() == 1 ? "stage" : "stages"));
        progress.runningStage().ifPresent(stage -> text.append(", running ").append(stage));
        if (progress.resultRows() > 0) {
            text.append(", ").append(progress.resultRows()).append(" rows sent");
        }
        return width > 1 && text.length() >= width ? text.substring(0, width - 1) : text.toString();
    }

    /** Stops following the query and erases the progress line. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (shown) {
                terminal.print(ERASE_LINE);
                terminal.flush();
            }
        }
    }
}
