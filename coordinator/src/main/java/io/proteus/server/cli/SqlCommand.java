package io.proteus.server.cli;

import io.proteus.server.LocalClusterConfig;
import io.proteus.server.tpcds.ProteusTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code proteus sql}: an SQL shell in the manner of Trino's CLI. Interactive on a terminal (line editing and history
 * with JLine, statements over several lines ended by {@code ;}, a progress line while a query runs, a timing line
 * after it, Ctrl-C cancels the running query); with {@code -e}, {@code -f} or piped input it runs the statements in
 * order and stops at the first that fails, exiting with 1.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run SQL on Proteus: an interactive shell on a terminal, or the statements of --execute, --file or standard "
                    + "input. Without --server it starts an embedded cluster in this process.",
            "In the shell, end statements with ';'. Ctrl-C cancels the running query, Ctrl-D or 'quit' leaves. "
                    + "History is kept in ~/.proteus_history."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every statement succeeded", "1:a statement failed, or the server could not be reached",
            "2:invalid options"})
final class SqlCommand implements Callable<Integer> {

    private static final Pattern HOST_AND_PORT = Pattern.compile("[^:/?#]+:\\d+");
    private static final Pattern SESSION_PROPERTY = Pattern.compile("([A-Za-z0-9_.\\-]+)=(.*)");
    private static final String PROMPT = "proteus> ";
    private static final String CONTINUATION_PROMPT = "      -> ";

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL",
            description = "The server: a JDBC URL such as jdbc:proteus://127.0.0.1:8815/tpcds/sf1, or host:port. "
                    + "Without it an embedded cluster runs in this process.")
    String server;

    @Option(names = "--catalog", paramLabel = "NAME", description = "Default catalog (default: tpcds, unless the URL names one).")
    String catalog;

    @Option(names = "--schema", paramLabel = "NAME", description = "Default schema (default: sf1, unless the URL names one).")
    String schema;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Run these statements (separated by ';') and exit.")
    String execute;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Run the statements of this file and exit.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = FormatConverter.class,
            description = "Output format: table (default), csv or json (one object per line).")
    OutputFormat format;

    @Option(names = "--session", paramLabel = "NAME=VALUE",
            description = "A session property (strategy, objective, priority); may be repeated.")
    List<String> sessionProperties = List.of();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Embedded cluster: where generated tables are cached (default ~/.proteus/data).")
    Path dataDirectory;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
            description = "Embedded cluster: number of workers (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--no-progress", description = "No progress line in the interactive shell.")
    boolean noProgress;

    @Option(names = "--history-file", paramLabel = "FILE", hidden = true,
            description = "Where the shell keeps its history (default ~/.proteus_history).")
    Path historyFile;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        validate(commandLine);
        Optional<String> script = script(commandLine);
        boolean interactive = script.isEmpty() && System.console() != null && System.console().isTerminal();
        if (script.isEmpty() && !interactive) {
            script = Optional.of(new String(readAll(System.in), StandardCharsets.UTF_8));
        }

        ProteusTarget target;
        try {
            target = server == null
                    ? ProteusTarget.start(LocalClusterConfig.defaults().withPorts(0, 0).withWorkers(workers)
                            .withDataDirectory(dataDirectory != null ? dataDirectory : LocalClusterConfig.defaults().dataDirectory()))
                    : ProteusTarget.remote(jdbcUrl(server));
        } catch (IOException | RuntimeException e) {
            err.println("proteus sql: cannot start the embedded cluster: " + e.getMessage());
            return 1;
        }
        try {
            String url = server == null ? withDefaults(target.url()) : jdbcUrl(server);
            try (Connection connection = DriverManager.getConnection(url, properties())) {
                if (interactive) {
                    return interactive(connection, target.description(), out, err);
                }
                return batch(connection, script.orElseThrow(), out, err);
            }
        } catch (SQLException e) {
            err.println("proteus sql: cannot connect to " + target.description() + ": " + e.getMessage());
            return 1;
        } finally {
            Commands.stop(target, err);
        }
    }

    private void validate(CommandLine commandLine) {
        if (execute != null && file != null) {
            throw new ParameterException(commandLine, "--execute and --file cannot be used together");
        }
        if (workers < 1) {
            throw new ParameterException(commandLine, "--workers must be at least 1, not " + workers);
        }
        for (String property : sessionProperties) {
            if (!SESSION_PROPERTY.matcher(property).matches()) {
                throw new ParameterException(commandLine, "--session takes NAME=VALUE, not '" + property + "'");
            }
        }
        if (server != null) {
            try {
                jdbcUrl(server);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandLine, e.getMessage());
            }
        }
    }

    private Optional<String> script(CommandLine commandLine) throws IOException {
        if (execute != null) {
            return Optional.of(execute);
        }
        if (file != null) {
            try {
                return Optional.of(Files.readString(file));
            } catch (NoSuchFileException e) {
                throw new ParameterException(commandLine, "--file: no such file " + file);
            }
        }
        return Optional.empty();
    }

    private static byte[] readAll(InputStream input) throws IOException {
        return input.readAllBytes();
    }

    /** The JDBC URL of --server: a jdbc:proteus URL as given, or host:port with the default catalog and schema. */
    String jdbcUrl(String value) {
        if (value.regionMatches(true, 0, "jdbc:proteus:", 0, "jdbc:proteus:".length())) {
            return value;
        }
        if (HOST_AND_PORT.matcher(value).matches()) {
            return withDefaults("jdbc:proteus://" + value);
        }
        throw new IllegalArgumentException("--server takes a jdbc:proteus:// URL or host:port, not '" + value + "'");
    }

    /** Adds the catalog and schema path (the options, else tpcds/sf1) to a URL without one. */
    private String withDefaults(String url) {
        String path = "/" + (catalog != null ? catalog : "tpcds") + "/" + (schema != null ? schema : "sf1");
        int query = url.indexOf('?');
        return query < 0 ? url + path : url.substring(0, query) + path + url.substring(query);
    }

    private Properties properties() {
        Properties properties = new Properties();
        Map<String, String> values = new LinkedHashMap<>();
        for (String property : sessionProperties) {
            var matcher = SESSION_PROPERTY.matcher(property);
            if (matcher.matches()) {
                values.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
            }
        }
        values.forEach(properties::setProperty);
        if (catalog != null) {
            properties.setProperty("catalog", catalog);
        }
        if (schema != null) {
            properties.setProperty("schema", schema);
        }
        return properties;
    }

    /** Runs the statements of a script in order, stopping at the first failure. */
    private int batch(Connection connection, String script, PrintWriter out, PrintWriter err) {
        StatementSplitter.Split split = StatementSplitter.split(script);
        List<String> statements = new java.util.ArrayList<>(split.statements());
        if (!split.remainderIsBlank()) {
            // The last statement of a script may omit its semicolon.
            statements.add(split.remainder().strip());
        }
        if (statements.isEmpty()) {
            err.println("proteus sql: no statement to run");
            return 1;
        }
        SqlShell shell = new SqlShell(connection, format, out, err, Optional.empty(), cancel -> () -> { });
        for (String statement : statements) {
            if (!shell.run(statement, false)) {
                return 1;
            }
        }
        return 0;
    }

    /** The interactive shell: reads statements with JLine until Ctrl-D or quit. */
    private int interactive(Connection connection, String description, PrintWriter out, PrintWriter err) throws IOException {
        Path history = historyFile != null ? historyFile : Path.of(System.getProperty("user.home"), ".proteus_history");
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("proteus")
                    .parser(new StatementParser())
                    .variable(LineReader.HISTORY_FILE, history)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            PrintWriter terminalOut = terminal.writer();
            terminalOut.println("Proteus SQL shell on " + description + ".");
            terminalOut.println("End statements with ';'. Ctrl-C cancels a running query; 'quit' or Ctrl-D leaves; 'help' for more.");
            terminalOut.flush();
            SqlShell.CancelHook cancelHook = cancel -> {
                Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancel.run());
                return () -> terminal.handle(Terminal.Signal.INT, previous);
            };
            Optional<SqlShell.ProgressTerminal> progress = noProgress ? Optional.empty()
                    : Optional.of(new SqlShell.ProgressTerminal(terminalOut, Math.max(40, terminal.getWidth())));
            SqlShell shell = new SqlShell(connection, format, terminalOut, terminalOut, progress, cancelHook);
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                String command = line.strip().toLowerCase(Locale.ROOT).replaceAll(";+$", "").strip();
                if (command.equals("quit") || command.equals("exit")) {
                    break;
                }
                if (command.equals("help")) {
                    printHelp(terminalOut);
                    continue;
                }
                for (String statement : StatementSplitter.split(line).statements()) {
                    shell.run(statement, true);
                }
            }
            reader.getHistory().save();
        }
        return 0;
    }

    private static void printHelp(PrintWriter out) {
        out.println("Statements: SELECT ..., EXPLAIN [ANALYZE] SELECT ..., SET strategy|objective|priority = '...',");
        out.println("            SET catalog = '...', SET schema = '...'. End each with ';'.");
        out.println("Priorities: interactive, batch, background. Tables: tpcds.<tiny|sf1|sf10|sf100>.<table>.");
        out.println("Keys: Ctrl-C cancels the running query (or clears the line), Ctrl-D or 'quit' leaves,");
        out.println("      Up/Down and Ctrl-R search the history (~/.proteus_history).");
        out.flush();
    }

    /** Converts --format, ignoring case. */
    static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected table, csv or json, not '" + value + "'");
            }
        }
    }

    /** Accepts a line only when it ends a statement with ';' (or is a shell command), so statements span lines. */
    static final class StatementParser implements Parser {
        private final DefaultParser words = new DefaultParser();

        StatementParser() {
            words.setEscapeChars(new char[0]);
        }

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !complete(line)) {
                throw new EOFError(-1, -1, "the statement continues until ';'");
            }
            return words.parse(line, cursor, ParseContext.COMPLETE);
        }

        static boolean complete(String line) {
            String command = line.strip().toLowerCase(Locale.ROOT).replaceAll(";+$", "").strip();
            if (command.isEmpty() || command.equals("quit") || command.equals("exit") || command.equals("help")) {
                return true;
            }
            StatementSplitter.Split split = StatementSplitter.split(line);
            return !split.statements().isEmpty() && split.remainderIsBlank();
        }
    }
}
