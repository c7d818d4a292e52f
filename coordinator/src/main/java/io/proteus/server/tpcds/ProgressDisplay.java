package io.proteus.server.tpcds;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Where a long-running command prints its results as they come: on a terminal, above a progress bar that shows how
 * far the command is, what it is doing and the time spent and left; elsewhere (a pipe, a file, a test) as plain lines.
 */
public sealed interface ProgressDisplay extends AutoCloseable permits ProgressDisplay.Lines, ProgressDisplay.Bar {

    /**
     * Opens a display: a progress bar if standard output is a terminal and {@code interactive} allows it, else plain
     * lines to {@code out}.
     *
     * @param out where plain lines go
     * @param interactive whether a progress bar may be shown at all
     * @param title the name of the bar
     * @param steps the number of steps to completion
     */
    static ProgressDisplay open(PrintWriter out, boolean interactive, String title, long steps) {
        requireNonNull(out, "out");
        requireNonNull(title, "title");
        if (interactive && System.console() != null && System.console().isTerminal()) {
            out.flush();
            try {
                Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).build();
                if (terminal.getWidth() > 0) {
                    return new Bar(terminal, title, steps);
                }
                terminal.close();
            } catch (IOException | RuntimeException e) {
                // No usable terminal after all: plain lines.
            }
        }
        return new Lines(out);
    }

    /** Says what runs now (shown next to the bar). */
    void working(String task);

    /** Prints a line of output. */
    void println(String line);

    /** Counts one more step as done. */
    void step();

    /** Removes the progress bar; lines printed stay. */
    @Override
    void close();

    /** Plain lines, no progress bar. */
    final class Lines implements ProgressDisplay {
        private final PrintWriter out;

        Lines(PrintWriter out) {
            this.out = requireNonNull(out, "out");
        }

        @Override
        public void working(String task) {}

        @Override
        public void println(String line) {
            out.println(line);
            out.flush();
        }

        @Override
        public void step() {}

        @Override
        public void close() {
            out.flush();
        }
    }

    /**
     * A progress bar on the last line of a terminal, redrawn in place by the progress bar library's update thread,
     * with output lines printed above it. Both write under one lock, so that a line never lands in the middle of the
     * bar.
     */
    final class Bar implements ProgressDisplay {
        private static final String ERASE_LINE = "\r\u001b[2K";

        private final Terminal terminal;
        private final PrintWriter writer;
        private final Object lock = new Object();
        private final ProgressBar bar;
        private String lastBar = "";

        Bar(Terminal terminal, String title, long steps) {
            this.terminal = requireNonNull(terminal, "terminal");
            this.writer = terminal.writer();
            this.bar = new ProgressBarBuilder()
                    .setTaskName(title)
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(500)
                    .continuousUpdate()
                    .clearDisplayOnFinish()
                    .setConsumer(new Consumer())
                    .build();
        }

        @Override
        public void working(String task) {
            bar.setExtraMessage(task);
        }

        @Override
        public void println(String line) {
            synchronized (lock) {
                writer.print(ERASE_LINE);
                writer.println(line);
                writer.print(lastBar);
                writer.flush();
            }
        }

        @Override
        public void step() {
            bar.step();
        }

        @Override
        public void close() {
            bar.close();
            try {
                terminal.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Draws the bar the library renders on the terminal's last line. */
        private final class Consumer implements ProgressBarConsumer {
            @Override
            public int getMaxRenderedLength() {
                return Math.max(40, terminal.getWidth() - 1);
            }

            @Override
            public void accept(String rendered) {
                synchronized (lock) {
                    lastBar = rendered;
                    writer.print(ERASE_LINE);
                    writer.print(rendered);
                    writer.flush();
                }
            }

            @Override
            public void clear() {
                synchronized (lock) {
                    lastBar = "";
                    writer.print(ERASE_LINE);
                    writer.flush();
                }
            }

            @Override
            public void close() {
                clear();
            }
        }
    }
}
