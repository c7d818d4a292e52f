package io.proteus.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Result;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A statement executing SQL text through Flight SQL: {@code execute} and {@code executeQuery} send a
 * {@code CommandStatementQuery} and stream the endpoints of the returned {@code FlightInfo}; {@code executeUpdate}
 * sends a {@code CommandStatementUpdate}.
 *
 * <p>A {@code FlightInfo} whose schema has no fields is a statement that produced no rows: {@code execute} returns
 * {@code false} and the update count is 0. The {@code app_metadata} of the {@code FlightInfo} is the query id (see
 * {@link ProteusStatement}). {@link #cancel()} asks the server to cancel the running {@code FlightInfo}
 * ({@code CancelFlightInfo}) and cancels the calls in progress.
 */
class FlightSqlStatement implements Statement, ProteusStatement, SelfWrapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    final ProteusConnection connection;
    final FlightSession session;

    private volatile boolean closed;
    private long maxRows;
    private int fetchSize;
    private int queryTimeoutSeconds;
    private boolean closeOnCompletion;
    private boolean poolable;
    private final List<String> batch = new ArrayList<>();

    private ArrowResultSet currentResultSet;
    private long updateCount = -1;
    private volatile Optional<String> queryId = Optional.empty();
    private volatile CancellationScope runningScope;
    private volatile FlightInfo runningInfo;
    private volatile ArrowResultSet streamingResultSet;
    /** Result sets of this statement not closed yet (more than one only after getMoreResults(KEEP_CURRENT_RESULT)). */
    private final Set<ArrowResultSet> openResultSets = ConcurrentHashMap.newKeySet();

    FlightSqlStatement(ProteusConnection connection) {
        this.connection = requireNonNull(connection, "connection is null");
        this.session = connection.session();
    }

    /** A Flight call that starts a query and returns its {@code FlightInfo}. */
    @FunctionalInterface
    interface QueryCall {
        FlightInfo start(CallOption[] options);
    }

    /** A Flight call that runs an update and returns its row count. */
    @FunctionalInterface
    interface UpdateCall {
        long run(CallOption[] options);
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw SqlErrors.closed("Statement");
        }
        connection.checkOpen();
    }

    static String requireSql(String sql) throws SQLException {
        if (sql == null || sql.isBlank()) {
            throw new SQLException("The SQL text is empty", SqlErrors.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION);
        }
        return sql;
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        checkOpen();
        requireSql(sql);
        return executeQueryCall(options -> session.sqlClient().execute(sql, options));
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        if (!execute(sql)) {
            throw new SQLException("The statement did not return a result set: " + sql, SqlErrors.GENERAL_ERROR);
        }
        return currentResultSet;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return toIntCount(executeLargeUpdate(sql));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        checkOpen();
        requireSql(sql);
        return executeUpdateCall(options -> session.sqlClient().executeUpdate(sql, options));
    }

    static int toIntCount(long count) {
        return count > Integer.MAX_VALUE ? Statement.SUCCESS_NO_INFO : (int) count;
    }

    /** Runs a query call and makes its result the current result; returns whether the result is a result set. */
    final boolean executeQueryCall(QueryCall call) throws SQLException {
        startExecution();
        CancellationScope scope = new CancellationScope();
        runningScope = scope;
        FlightInfo info;
        try {
            CallOption[] options = session.callOptions(timeoutOptions());
            info = scope.call(() -> call.start(options));
        } catch (RuntimeException e) {
            endExecution(scope);
            throw scope.isCancelledByUser() ? SqlErrors.queryCancelled() : SqlErrors.fromClient(e);
        }
        runningInfo = info;
        queryId = decodeQueryId(info.getAppMetadata());
        Schema schema = info.getSchemaOptional().orElseGet(() -> new Schema(List.of()));
        if (schema.getFields().isEmpty()) {
            try {
                drainEndpoints(info.getEndpoints(), scope);
            } finally {
                endExecution(scope);
            }
            updateCount = 0;
            return false;
        }
        List<ColumnDescription> columns = new ArrayList<>();
        for (Field field : schema.getFields()) {
            columns.add(ColumnDescription.of(field));
        }
        ArrowResultSet resultSet = new ArrowResultSet(this, columns,
                new FlightBatchSource(session, info.getEndpoints(), scope), maxRows, this::resultSetClosed);
        openResultSets.add(resultSet);
        currentResultSet = resultSet;
        streamingResultSet = resultSet;
        return true;
    }

    /**
     * Reads and discards any endpoint of a statement without result columns, so that the server sees the statement
     * through; a server normally sends none.
     */
    private void drainEndpoints(List<FlightEndpoint> endpoints, CancellationScope scope) throws SQLException {
        try {
            for (FlightEndpoint endpoint : endpoints) {
                FlightStream stream = scope.call(() -> session.sqlClient().getStream(endpoint.getTicket(),
                        session.callOptions()));
                try {
                    while (stream.next()) {
                        // Nothing to read: the statement has no result columns.
                    }
                } finally {
                    FlightBatchSource.closeStream(stream);
                }
            }
        } catch (RuntimeException e) {
            throw scope.isCancelledByUser() ? SqlErrors.queryCancelled() : SqlErrors.fromClient(e);
        }
    }

    /** Runs an update call; its count becomes the current result. */
    final long executeUpdateCall(UpdateCall call) throws SQLException {
        startExecution();
        CancellationScope scope = new CancellationScope();
        runningScope = scope;
        try {
            CallOption[] options = session.callOptions(timeoutOptions());
            long count = scope.call(() -> call.run(options));
            updateCount = count;
            return count;
        } catch (RuntimeException e) {
            throw scope.isCancelledByUser() ? SqlErrors.queryCancelled() : SqlErrors.fromClient(e);
        } finally {
            endExecution(scope);
        }
    }

    private void startExecution() throws SQLException {
        closeCurrentResultSet();
        updateCount = -1;
        queryId = Optional.empty();
    }

    private void endExecution(CancellationScope scope) {
        scope.close();
        if (runningScope == scope) {
            runningScope = null;
            runningInfo = null;
        }
    }

    private CallOption[] timeoutOptions() {
        if (queryTimeoutSeconds > 0) {
            return new CallOption[] {CallOptions.timeout(queryTimeoutSeconds, TimeUnit.SECONDS)};
        }
        return new CallOption[0];
    }

    private static Optional<String> decodeQueryId(byte[] appMetadata) {
        if (appMetadata == null || appMetadata.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new String(appMetadata, StandardCharsets.UTF_8));
    }

    private void closeCurrentResultSet() throws SQLException {
        ArrowResultSet resultSet = currentResultSet;
        currentResultSet = null;
        if (resultSet != null) {
            resultSet.close();
        }
    }

    /** Called by a result set of this statement when it is closed. */
    private void resultSetClosed(ArrowResultSet resultSet) {
        openResultSets.remove(resultSet);
        if (streamingResultSet == resultSet) {
            streamingResultSet = null;
            runningScope = null;
            runningInfo = null;
        }
        if (currentResultSet == resultSet) {
            currentResultSet = null;
        }
        if (closeOnCompletion && !closed && openResultSets.isEmpty()) {
            try {
                close();
            } catch (SQLException ignored) {
                // Nothing is left open once the result set is closed.
            }
        }
    }

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        CancellationScope scope = runningScope;
        if (scope == null) {
            return;
        }
        FlightInfo info = runningInfo;
        if (info != null) {
            try {
                session.sqlClient().cancelFlightInfo(new CancelFlightInfoRequest(info), session.callOptions());
            } catch (RuntimeException ignored) {
                // The server may not support it or the query may be over; the calls are cancelled below anyway.
            }
        }
        ArrowResultSet resultSet = streamingResultSet;
        if (resultSet != null) {
            resultSet.cancel();
        }
        scope.cancelByUser();
    }

    @Override
    public Optional<String> queryId() {
        return queryId;
    }

    @Override
    public String runtimeInformation() throws SQLException {
        return queryAction(RUNTIME_INFORMATION_ACTION, "runtime information");
    }

    @Override
    public QueryRuntimeInformation queryRuntimeInformation() throws SQLException {
        return QueryRuntimeInformation.fromJson(parse(runtimeInformation()));
    }

    @Override
    public QueryProgress progress() throws SQLException {
        return QueryProgress.fromJson(parse(queryAction(QUERY_PROGRESS_ACTION, "progress")));
    }

    private static JsonNode parse(String json) throws SQLException {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new SQLException("The coordinator sent invalid JSON: " + e.getMessage(), SqlErrors.GENERAL_ERROR, e);
        }
    }

    /** Runs a Proteus action about the current query (the query id is its body) and returns the result as text. */
    private String queryAction(String action, String what) throws SQLException {
        checkOpen();
        String id = queryId.orElseThrow(() -> new SQLException(
                "No query id is known: execute a query with this statement first", SqlErrors.GENERAL_ERROR));
        try {
            Iterator<Result> results = session.flightClient().doAction(
                    new Action(action, id.getBytes(StandardCharsets.UTF_8)), session.callOptions());
            if (!results.hasNext()) {
                throw new SQLException("The server returned no " + what + " for query " + id, SqlErrors.GENERAL_ERROR);
            }
            String body = new String(results.next().getBody(), StandardCharsets.UTF_8);
            while (results.hasNext()) {
                results.next();
            }
            return body;
        } catch (RuntimeException e) {
            throw SqlErrors.fromClient(e);
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return currentResultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        long count = getLargeUpdateCount();
        return count > Integer.MAX_VALUE ? Statement.SUCCESS_NO_INFO : (int) count;
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return currentResultSet != null ? -1 : updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        switch (current) {
            case CLOSE_CURRENT_RESULT:
            case CLOSE_ALL_RESULTS:
                closeCurrentResultSet();
                break;
            case KEEP_CURRENT_RESULT:
                currentResultSet = null;
                break;
            default:
                throw new SQLException("Invalid argument " + current, SqlErrors.INVALID_ATTRIBUTE_VALUE);
        }
        // Every statement has exactly one result.
        updateCount = -1;
        return false;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        connection.unregister(this);
        try {
            currentResultSet = null;
            for (ArrowResultSet resultSet : List.copyOf(openResultSets)) {
                resultSet.close();
            }
        } finally {
            closeServerResources();
        }
    }

    /** Releases what the statement holds on the server; prepared statements override it. */
    void closeServerResources() throws SQLException {}

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return 0;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("The maximum field size must not be negative", SqlErrors.INVALID_ATTRIBUTE_VALUE);
        }
        // Values are never truncated.
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) Math.min(getLargeMaxRows(), Integer.MAX_VALUE);
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("The maximum number of rows must not be negative",
                    SqlErrors.INVALID_ATTRIBUTE_VALUE);
        }
        maxRows = max;
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        // The SQL text is sent unchanged.
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeoutSeconds;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw new SQLException("The query timeout must not be negative", SqlErrors.INVALID_ATTRIBUTE_VALUE);
        }
        // Applied as a gRPC deadline to the call that starts the statement.
        queryTimeoutSeconds = seconds;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        throw SqlErrors.notSupported("Named cursors");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw new SQLException("Only FETCH_FORWARD is supported", SqlErrors.INVALID_ATTRIBUTE_VALUE);
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("The fetch size must not be negative", SqlErrors.INVALID_ATTRIBUTE_VALUE);
        }
        // Batches are sized by the server; the hint is kept only to be returned.
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        batch.add(requireSql(sql));
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] result = new int[counts.length];
        for (int index = 0; index < counts.length; index++) {
            result[index] = toIntCount(counts[index]);
        }
        return result;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<String> statements = new ArrayList<>(batch);
        batch.clear();
        long[] counts = new long[statements.size()];
        for (int index = 0; index < counts.length; index++) {
            try {
                counts[index] = executeLargeUpdate(statements.get(index));
            } catch (SQLException e) {
                long[] done = Arrays.copyOf(counts, index);
                throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), done, e);
            }
        }
        updateCount = -1;
        return counts;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        throw SqlErrors.notSupported("Generated keys");
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        checkNoGeneratedKeys(autoGeneratedKeys);
        return executeUpdate(sql);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw SqlErrors.notSupported("Generated keys");
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw SqlErrors.notSupported("Generated keys");
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        checkNoGeneratedKeys(autoGeneratedKeys);
        return executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw SqlErrors.notSupported("Generated keys");
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        throw SqlErrors.notSupported("Generated keys");
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        checkNoGeneratedKeys(autoGeneratedKeys);
        return execute(sql);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw SqlErrors.notSupported("Generated keys");
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw SqlErrors.notSupported("Generated keys");
    }

    private static void checkNoGeneratedKeys(int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != NO_GENERATED_KEYS) {
            throw SqlErrors.notSupported("Generated keys");
        }
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }
}
