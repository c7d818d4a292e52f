package io.proteus.server.query;

import static java.util.Objects.requireNonNull;

import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.TaskResult;
import io.proteus.executor.type.DataType;
import io.proteus.planner.WorkflowPlanner;
import io.proteus.planner.translate.TypeTranslator;
import io.proteus.server.cluster.Cluster;
import io.proteus.server.control.GlobalController;
import io.proteus.server.control.Priority;
import io.proteus.server.execution.DecisionHistory;
import io.proteus.server.execution.DecisionRecord;
import io.proteus.server.execution.DecisionRegistry;
import io.proteus.server.execution.ExecutionProgress;
import io.proteus.server.execution.ExecutionSettings;
import io.proteus.server.execution.SessionPlacement;
import io.proteus.server.execution.StageOutput;
import io.proteus.server.execution.StageProgress;
import io.proteus.server.execution.StageRecord;
import io.proteus.server.execution.WorkflowExecution;
import io.proteus.server.execution.WorkflowGraph;
import io.proteus.server.security.UserAccount;
import io.proteus.server.security.UserDirectory;
import io.proteus.spi.decision.Objective;
import io.proteus.spi.decision.Placement;
import io.proteus.spi.decision.Strategy;
import io.proteus.sql.ParsedStatement;
import io.proteus.sql.PlannedQuery;
import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import io.proteus.sql.SessionContext;
import io.proteus.sql.SqlFrontend;
import io.proteus.sql.StatementKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlNode;

/**
 * The coordinator's statement service: plans statements with the SQL front end and the workflow planner, starts one
 * private controller ({@link WorkflowExecution}) per query, streams the result buffers from the workers to the client,
 * and keeps each query's runtime information. Every client (Flight SQL, the HTTP API and console) runs its queries
 * here, so each user's limit on concurrent queries holds across all of them.
 */
public final class QueryManager {

    /** Session properties a user may SET, with their accepted values. */
    public static final Set<String> SESSION_PROPERTIES = Set.of("strategy", "objective", "placement", "priority");

    /** The priority of a session that did not SET one. */
    public static final String DEFAULT_PRIORITY = "interactive";

    private static final int KEPT_QUERIES = 500;
    private static final Schema EMPTY_SCHEMA = new Schema(List.of());

    private final SqlFrontend frontend;
    private final Cluster cluster;
    private final GlobalController controller;
    private final DecisionRegistry decisions;
    private final DecisionHistory history = new DecisionHistory();
    private final BufferAllocator allocator;
    private final long taskMemoryLimitBytes;
    private final UserDirectory users;
    private final QueryAdmission admission;
    private final Map<String, Integer> runningPerUser = new java.util.HashMap<>();
    private final Map<String, QueryInfo> queries = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QueryInfo> eldest) {
            return size() > KEPT_QUERIES;
        }
    });
    private final Map<String, WorkflowExecution> running = new ConcurrentHashMap<>();
    private final Map<String, Long> streamedRows = new ConcurrentHashMap<>();
    private final AtomicLong queryCounter = new AtomicLong();
    private static final long CLIENT_WATCH_MILLIS = 250;
    private final java.util.concurrent.ScheduledExecutorService clientWatcher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("proteus-client-watch").daemon(true).factory());

    public QueryManager(SqlFrontend frontend, Cluster cluster, DecisionRegistry decisions, BufferAllocator allocator,
            long taskMemoryLimitBytes) {
        this(frontend, cluster, decisions, allocator, taskMemoryLimitBytes, UserDirectory.none());
    }

    /** A query manager enforcing the concurrent-query limits of the given users. */
    public QueryManager(SqlFrontend frontend, Cluster cluster, DecisionRegistry decisions, BufferAllocator allocator,
            long taskMemoryLimitBytes, UserDirectory users) {
        this(frontend, new GlobalController(cluster), decisions, allocator, taskMemoryLimitBytes, users, Integer.MAX_VALUE);
    }

    /**
     * A query manager whose queries claim their slots from the given global controller (shared with the background
     * functions), enforcing the concurrent-query limits of the given users and running at most
     * {@code maxRunningQueries} queries at once in the whole cluster; further queries wait in a queue (QUEUED).
     */
    public QueryManager(SqlFrontend frontend, GlobalController controller, DecisionRegistry decisions,
            BufferAllocator allocator, long taskMemoryLimitBytes, UserDirectory users, int maxRunningQueries) {
        this.admission = new QueryAdmission(maxRunningQueries);
        this.users = requireNonNull(users, "users");
        this.frontend = requireNonNull(frontend, "frontend");
        this.controller = requireNonNull(controller, "controller");
        this.cluster = controller.cluster();
        this.decisions = requireNonNull(decisions, "decisions");
        this.allocator = requireNonNull(allocator, "allocator");
        this.taskMemoryLimitBytes = taskMemoryLimitBytes;
    }

    /** The global controller the queries claim their slots from. */
    public GlobalController controller() {
        return controller;
    }

    public SqlFrontend frontend() {
        return frontend;
    }

    /**
     * Parses and plans a statement; errors carry Calcite's line and column. SET statements are not applied here. A
     * statement with {@code ?} parameters is only described (result and parameter schemas); {@link #bind} makes it
     * runnable.
     */
    public PreparedQuery prepare(String sql, SessionContext context) {
        long started = System.nanoTime();
        ParsedStatement statement = frontend.parse(sql);
        if (statement.kind() == StatementKind.SET) {
            return new PreparedQuery(sql, statement, context, null, null, EMPTY_SCHEMA, EMPTY_SCHEMA, 0);
        }
        PlannedQuery planned = frontend.plan(statement.query(), context);
        Schema schema = resultSchema(statement.kind(), planned);
        if (!planned.parameterTypes().isEmpty()) {
            return new PreparedQuery(sql, statement, context, planned, null, schema, parameterSchema(planned),
                    (System.nanoTime() - started) / 1e9);
        }
        RelNode workflow = WorkflowPlanner.toWorkflow(planned.plan());
        return new PreparedQuery(sql, statement, context, planned, workflow, schema, EMPTY_SCHEMA,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * Binds values to the {@code ?} parameters of a prepared statement and plans it with them: the result is a
     * statement ready to run. A statement without parameters is returned as it is (and takes no values).
     *
     * @throws ProteusSqlException if the number of values is wrong or a value cannot be bound
     */
    public PreparedQuery bind(PreparedQuery query, List<?> values) {
        requireNonNull(query, "query");
        requireNonNull(values, "values");
        if (!query.hasParameters()) {
            if (!values.isEmpty()) {
                throw new ProteusSqlException(QueryError.VALIDATION,
                        "The statement has no parameters but " + values.size() + " value(s) were given");
            }
            return query;
        }
        long started = System.nanoTime();
        // Validation rewrites the tree it is given, so the statement is parsed again for each binding.
        ParsedStatement parsed = frontend.parse(query.sql());
        SqlNode bound = SqlFrontend.bindParameters(parsed.query(), query.planned().parameterTypes(), values);
        PlannedQuery planned = frontend.plan(bound, query.context());
        RelNode workflow = WorkflowPlanner.toWorkflow(planned.plan());
        ParsedStatement statement = new ParsedStatement(parsed.kind(), parsed.text(), bound, null, null);
        return new PreparedQuery(query.sql(), statement, query.context(), planned, workflow,
                resultSchema(parsed.kind(), planned), EMPTY_SCHEMA, (System.nanoTime() - started) / 1e9);
    }

    private static Schema resultSchema(StatementKind kind, PlannedQuery planned) {
        return switch (kind) {
            case QUERY -> resultSchema(planned);
            case EXPLAIN, EXPLAIN_ANALYZE -> new Schema(List.of(Field.nullable("plan", ArrowType.Utf8.INSTANCE)));
            case SET -> throw new IllegalStateException("SET statements have no result schema");
        };
    }

    private static Schema parameterSchema(PlannedQuery planned) {
        List<Field> fields = new ArrayList<>();
        for (int index = 0; index < planned.parameterTypes().size(); index++) {
            fields.add(TypeTranslator.toDataType(planned.parameterTypes().get(index)).withNullable(true)
                    .toField("parameter_" + (index + 1)));
        }
        return new Schema(fields);
    }

    private static Schema resultSchema(PlannedQuery planned) {
        List<Field> fields = new ArrayList<>();
        List<RelDataTypeField> planFields = planned.rowType().getFieldList();
        for (int i = 0; i < planFields.size(); i++) {
            DataType type = TypeTranslator.toDataType(planFields.get(i).getType());
            fields.add(type.toField(planned.columnNames().get(i)));
        }
        return new Schema(fields);
    }

    /** Applies a SET statement to the session, rejecting unknown properties and invalid values. */
    public void applySet(PreparedQuery query, Session session) {
        ParsedStatement statement = query.statement();
        String name = statement.propertyName();
        String value = statement.propertyValue();
        switch (name) {
            case "catalog" -> session.setCatalog(value);
            case "schema" -> session.setSchema(value);
            default -> {
                validateProperty(name, value);
                session.setProperty(name, canonicalValue(name, value));
            }
        }
    }

    /** Checks a session property's name and value. */
    public static void validateProperty(String name, String value) {
        if (!SESSION_PROPERTIES.contains(name)) {
            throw new ProteusSqlException(QueryError.VALIDATION,
                    "Unknown session property '" + name + "' (known: " + String.join(", ", new java.util.TreeSet<>(SESSION_PROPERTIES)) + ")");
        }
        if (value == null) {
            return;
        }
        try {
            switch (name) {
                case "strategy" -> Strategy.parse(value);
                case "objective" -> Objective.parse(value);
                case SessionPlacement.PROPERTY -> SessionPlacement.parse(value);
                case "priority" -> {
                    String normalised = value.toLowerCase(Locale.ROOT);
                    if (!Set.of("interactive", "batch", "background").contains(normalised)) {
                        throw new IllegalArgumentException("priority must be interactive, batch or background");
                    }
                }
                default -> throw new IllegalStateException(name);
            }
        } catch (IllegalArgumentException e) {
            throw new ProteusSqlException(QueryError.VALIDATION, "Invalid value '" + value + "' for " + name + ": " + e.getMessage());
        }
    }

    /** The value of a valid session property as stored: priorities in lower case, other values as given. */
    public static String canonicalValue(String name, String value) {
        if (value != null && name.equals("priority")) {
            return value.toLowerCase(Locale.ROOT);
        }
        return value;
    }

    /**
     * A new session of an authenticated user ({@code anonymous}, or an empty name, when authentication is off) with the
     * user's defaults, such as the priority.
     */
    public Session newSession(String sessionId, String user, String catalog, String schema) {
        String name = user == null || user.isEmpty() ? UserDirectory.ANONYMOUS : user;
        UserAccount account = users.account(name);
        return new Session(sessionId, name, catalog, schema, Map.of("priority", account.defaultPriority()));
    }

    /** A fresh query id, Trino-style: date, counter and a random suffix. */
    public String newQueryId() {
        return String.format(Locale.ROOT, "%s_%05d_%s",
                java.time.LocalDate.now().toString().replace("-", ""), queryCounter.incrementAndGet(),
                UUID.randomUUID().toString().substring(0, 5));
    }

    /**
     * Runs a prepared query (or EXPLAIN / EXPLAIN ANALYZE) and streams its rows into {@code sink}. Returns its runtime
     * information; failures are recorded and rethrown as {@link ProteusSqlException}.
     */
    public QueryInfo execute(String queryId, PreparedQuery query, Session session, ResultSink sink) {
        requireNonNull(queryId, "queryId");
        StatementKind kind = query.statement().kind();
        if (kind == StatementKind.SET) {
            throw new IllegalArgumentException("SET statements are applied, not executed");
        }
        if (query.workflowPlan() == null) {
            throw new ProteusSqlException(QueryError.VALIDATION, "The statement has "
                    + query.parameterSchema().getFields().size()
                    + " parameter(s) (?); prepare it and bind values before running it");
        }
        admit(queryId, query, session);
        try {
            if (kind == StatementKind.EXPLAIN) {
                return executeAdmitted(queryId, query, session, sink, kind);
            }
            Instant queued = Instant.now();
            record(queryId, query, session, QueryState.QUEUED, queued, 0, null, List.of(), List.of());
            try {
                admission.enter(queryId, Priority.parse(query.context().property("priority").orElse(DEFAULT_PRIORITY)),
                        sink::isCancelled);
            } catch (ProteusSqlException e) {
                record(queryId, query, session, QueryState.CANCELLED, queued, 0, e.getMessage(), List.of(), List.of());
                throw e;
            }
            try {
                return executeAdmitted(queryId, query, session, sink, kind);
            } finally {
                admission.leave();
            }
        } finally {
            synchronized (runningPerUser) {
                runningPerUser.merge(session.user(), -1, (current, change) -> current + change == 0 ? null : current + change);
            }
        }
    }

    /** Counts the query against its user's limit, or records and throws QUERY_LIMIT when the user is at the limit. */
    private void admit(String queryId, PreparedQuery query, Session session) {
        UserAccount account = users.account(session.user());
        synchronized (runningPerUser) {
            int runningQueries = runningPerUser.getOrDefault(session.user(), 0);
            if (runningQueries < account.maxConcurrentQueries()) {
                runningPerUser.put(session.user(), runningQueries + 1);
                return;
            }
        }
        String message = "User " + session.user() + " already runs " + account.maxConcurrentQueries()
                + " queries, the most allowed at once; wait for one to finish or cancel one";
        record(queryId, query, session, QueryState.FAILED, Instant.now(), 0, message, List.of(), List.of());
        throw new ProteusSqlException(QueryError.QUERY_LIMIT, message);
    }

    private QueryInfo executeAdmitted(String queryId, PreparedQuery query, Session session, ResultSink sink, StatementKind kind) {
        if (kind == StatementKind.EXPLAIN) {
            List<String> lines = List.of(RelOptUtil.toString(query.workflowPlan()).split("\n"));
            writeText(query.resultSchema(), lines, sink);
            return record(queryId, query, session, QueryState.FINISHED, Instant.now(), lines.size(), null, List.of(), List.of());
        }
        SessionContext context = query.context();
        Strategy strategy = Strategy.parse(context.property("strategy").orElse("dynamic"));
        Objective objective = Objective.parse(context.property("objective").orElse("latency"));
        int totalSlots = Math.max(1, cluster.status().totalSlots());
        Optional<Placement> placement = context.property(SessionPlacement.PROPERTY).map(SessionPlacement::parse);
        ExecutionSettings settings = new ExecutionSettings(strategy, objective, placement, Math.max(2, totalSlots * 2),
                taskMemoryLimitBytes);
        String signature = Integer.toHexString(RelOptUtil.toString(query.workflowPlan()).hashCode());
        // The private controller dispatches its tasks through claims on the global controller, at the query's priority.
        Priority priority = Priority.parse(context.property("priority").orElse(DEFAULT_PRIORITY));
        WorkflowExecution execution = new WorkflowExecution(queryId, signature, query.workflowPlan(),
                controller.clusterFor(queryId, priority), decisions, history, settings);
        Instant started = Instant.now();
        running.put(queryId, execution);
        record(queryId, query, session, QueryState.RUNNING, started, 0, null, List.of(), List.of());
        long rows = 0;
        // A client that goes away while the workflow runs cancels it, which frees its slots and memory on every worker.
        java.util.concurrent.ScheduledFuture<?> clientWatch = clientWatcher.scheduleWithFixedDelay(() -> {
            if (sink.isCancelled()) {
                execution.cancel("the client went away");
                execution.release();
            }
        }, CLIENT_WATCH_MILLIS, CLIENT_WATCH_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            StageOutput result = execution.run(query.workflowPlan());
            if (kind == StatementKind.EXPLAIN_ANALYZE) {
                long resultRows = result.tasks().stream().mapToLong(TaskResult::outputRows).sum();
                QueryInfo info = record(queryId, query, session, QueryState.FINISHED, started, resultRows, null,
                        execution.decisionRecords(), execution.stageRecords());
                List<String> lines = ExplainAnalyzeFormatter.format(query.workflowPlan(), info);
                writeText(query.resultSchema(), lines, sink);
                return info;
            }
            rows = streamResult(queryId, result, query.resultSchema(), sink, execution);
            return record(queryId, query, session, QueryState.FINISHED, started, rows, null,
                    execution.decisionRecords(), execution.stageRecords());
        } catch (ProteusSqlException e) {
            QueryState state = e.error() == QueryError.CANCELLED ? QueryState.CANCELLED : QueryState.FAILED;
            record(queryId, query, session, state, started, rows, e.getMessage(), execution.decisionRecords(), execution.stageRecords());
            throw e;
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            record(queryId, query, session, QueryState.FAILED, started, rows, message, execution.decisionRecords(), execution.stageRecords());
            throw new ProteusSqlException(QueryError.INTERNAL, message, e);
        } finally {
            clientWatch.cancel(false);
            running.remove(queryId);
            streamedRows.remove(queryId);
            execution.release();
        }
    }

    /** Cancels a queued or running query; returns false if it is neither. */
    public boolean cancel(String queryId, String reason) {
        if (admission.cancel(queryId)) {
            return true;
        }
        WorkflowExecution execution = running.get(queryId);
        if (execution == null) {
            return false;
        }
        execution.cancel(reason);
        execution.release();
        return true;
    }

    private long streamResult(String queryId, StageOutput result, Schema schema, ResultSink sink, WorkflowExecution execution) {
        long rows = 0;
        try (BufferAllocator queryAllocator = allocator.newChildAllocator("query-" + queryId + "-result", 0, Long.MAX_VALUE);
                VectorSchemaRoot out = VectorSchemaRoot.create(schema, queryAllocator)) {
            sink.start(out);
            StageOutput current = result;
            for (int index = 0; index < current.tasks().size(); index++) {
                for (int attempt = 1; ; attempt++) {
                    TaskResult task = current.tasks().get(index);
                    long before = rows;
                    try {
                        rows = streamTask(queryId, current, task, schema, sink, execution, queryAllocator, out, rows);
                        break;
                    } catch (ProteusSqlException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        if (!execution.outputLost(current, task)) {
                            throw e;
                        }
                        if (rows != before) {
                            throw new ProteusSqlException(QueryError.EXECUTION, "Worker " + task.workerId() + " was lost "
                                    + "while it sent result rows of query " + queryId + "; the result is incomplete and "
                                    + "was abandoned: run the query again", e);
                        }
                        if (attempt >= 4) {
                            throw new ProteusSqlException(QueryError.EXECUTION, "Query " + queryId + " failed: the "
                                    + "workers holding its result were lost " + attempt + " times", e);
                        }
                        // Nothing of this part was sent yet: make it again on the remaining workers and send it.
                        current = execution.recover(current);
                    }
                }
            }
            out.clear();
        }
        return rows;
    }

    /** Sends one task's part of the result; returns the rows sent so far. */
    private long streamTask(String queryId, StageOutput result, TaskResult task, Schema schema, ResultSink sink,
            WorkflowExecution execution, BufferAllocator queryAllocator, VectorSchemaRoot out, long rowsBefore) {
        long rows = rowsBefore;
        BufferId buffer = new BufferId(queryId, result.stageId(), task.taskIndex(), 0);
        try (BatchStream stream = cluster.worker(task.workerId()).fetch(buffer)) {
            VectorSchemaRoot batch;
            while ((batch = stream.next(queryAllocator)) != null) {
                try (VectorSchemaRoot owned = batch) {
                    if (sink.isCancelled()) {
                        execution.cancel("the client went away");
                        throw new ProteusSqlException(QueryError.CANCELLED, "Query " + queryId + " was cancelled by the client");
                    }
                    // Ownership of the batch's buffers moves into the output root the sink streams from.
                    out.clear();
                    for (int column = 0; column < schema.getFields().size(); column++) {
                        FieldVector source = owned.getVector(column);
                        TransferPair transfer = source.makeTransferPair(out.getVector(column));
                        transfer.transfer();
                    }
                    out.setRowCount(owned.getRowCount());
                    rows += owned.getRowCount();
                    streamedRows.put(queryId, rows);
                    sink.batchReady();
                }
            }
        }
        return rows;
    }

    private void writeText(Schema schema, List<String> lines, ResultSink sink) {
        try (BufferAllocator textAllocator = allocator.newChildAllocator("explain", 0, Long.MAX_VALUE);
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, textAllocator)) {
            sink.start(root);
            VarCharVector vector = (VarCharVector) root.getVector(0);
            vector.allocateNew(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                vector.setSafe(i, lines.get(i).getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(lines.size());
            sink.batchReady();
        }
    }

    private QueryInfo record(String queryId, PreparedQuery query, Session session, QueryState state, Instant started, long rows,
            String error, List<DecisionRecord> decisionRecords, List<StageRecord> stages) {
        Instant finished = state == QueryState.RUNNING || state == QueryState.QUEUED ? null : Instant.now();
        double elapsed = Duration.between(started, finished == null ? Instant.now() : finished).toNanos() / 1e9;
        WorkflowGraph workflow = query.workflowPlan() == null || query.statement().kind() == StatementKind.EXPLAIN
                ? null : WorkflowGraph.of(query.workflowPlan());
        QueryInfo info = new QueryInfo(queryId, session.id(), session.user(),
                query.context().property("priority").orElse(DEFAULT_PRIORITY).toLowerCase(Locale.ROOT), query.sql(), state,
                query.context().property("strategy").orElse("dynamic"), query.context().property("objective").orElse("latency"),
                started, finished, query.planningSeconds(), elapsed, rows,
                stages.stream().mapToDouble(StageRecord::slotSeconds).sum(),
                stages.stream().mapToLong(StageRecord::bytesFetchedRemotely).sum(),
                stages.stream().mapToLong(StageRecord::bytesSharedLocally).sum(),
                error, decisionRecords, stages, workflow);
        queries.put(queryId, info);
        return info;
    }

    /**
     * The progress of a running or recent query: live counts from its workflow while it runs, the totals of its
     * runtime information once it ended; empty for an unknown query.
     */
    public Optional<QueryProgress> progress(String queryId) {
        QueryInfo info = queries.get(queryId);
        if (info == null) {
            return Optional.empty();
        }
        WorkflowExecution execution = running.get(queryId);
        if (execution != null && info.state() == QueryState.RUNNING) {
            ExecutionProgress progress = execution.progress();
            double elapsed = Duration.between(info.started(), Instant.now()).toNanos() / 1e9;
            return Optional.of(new QueryProgress(queryId, QueryState.RUNNING, elapsed, progress.stagesFinished(),
                    progress.stagesRunning(), progress.tasksFinished(), progress.tasksScheduled(), progress.runningStage(),
                    streamedRows.getOrDefault(queryId, 0L)));
        }
        int tasks = info.stages().stream().mapToInt(StageRecord::tasks).sum();
        return Optional.of(new QueryProgress(queryId, info.state(), info.elapsedSeconds(), info.stages().size(), 0,
                tasks, tasks, null, info.resultRows()));
    }

    /** A query's runtime information; for a running query, with the decisions and stages so far. */
    public Optional<QueryInfo> queryInfo(String queryId) {
        QueryInfo info = queries.get(queryId);
        WorkflowExecution execution = running.get(queryId);
        if (info != null && execution != null && info.state() == QueryState.RUNNING) {
            double elapsed = Duration.between(info.started(), Instant.now()).toNanos() / 1e9;
            return Optional.of(info.withProgress(execution.decisionRecords(), execution.stageRecords(), elapsed));
        }
        return Optional.ofNullable(info);
    }

    /** The stages of a query with their progress: running ones live, finished ones from the runtime information. */
    public List<StageProgress> stageProgress(String queryId) {
        WorkflowExecution execution = running.get(queryId);
        if (execution != null) {
            return execution.stageProgress();
        }
        return queryInfo(queryId).map(info -> info.stages().stream().map(StageProgress::finished).toList()).orElse(List.of());
    }

    /** The number of queries running now. */
    public int runningQueries() {
        return running.size();
    }

    /** The ids of the queries running now (admitted, not ended). */
    public java.util.Set<String> runningQueryIds() {
        return Set.copyOf(running.keySet());
    }

    /** The number of queries waiting in the admission queue. */
    public int queuedQueries() {
        return admission.queued();
    }

    /** How many queries had to wait in the admission queue since the coordinator started. */
    public int queriesQueuedSoFar() {
        return (int) admission.waitedSoFar();
    }

    public List<QueryInfo> queries() {
        synchronized (queries) {
            return List.copyOf(queries.values());
        }
    }

    /** Cancels every running query; called when the server shuts down. */
    public void close() {
        clientWatcher.shutdownNow();
        running.values().forEach(execution -> execution.cancel("the server is shutting down"));
    }
}
