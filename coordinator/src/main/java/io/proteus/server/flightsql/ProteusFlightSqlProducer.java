package io.proteus.server.flightsql;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Context;
import io.proteus.server.query.PreparedQuery;
import io.proteus.server.query.QueryInfo;
import io.proteus.server.query.QueryManager;
import io.proteus.server.query.QueryProgress;
import io.proteus.server.query.ResultSink;
import io.proteus.server.query.Session;
import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import io.proteus.sql.SessionContext;
import io.proteus.sql.StatementKind;
import io.proteus.sql.catalog.Connector;
import io.proteus.sql.catalog.TableMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.GetSessionOptionsResult;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SessionOptionValueVisitor;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.flight.sql.NoOpFlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The coordinator's Arrow Flight SQL endpoint, for the {@code jdbc:proteus} driver and any Flight SQL client (such as
 * Arrow's own JDBC driver).
 *
 * <ul>
 *   <li>Statements and prepared statements are planned when the client asks for their FlightInfo or prepares them, so
 *       the result schema (and the parameter schema of a statement with {@code ?}) is known up front; they run in the
 *       {@link QueryManager} when the client reads the ticket, and stream back batch by batch. Parameter values come
 *       as a one-row batch ({@code DoPut} of {@code CommandPreparedStatementQuery}) and are bound before planning the
 *       execution.</li>
 *   <li>A client that cancels its stream, or sends {@code CancelFlightInfo}, cancels the running query.</li>
 *   <li>Metadata: SqlInfo ({@link ServerSqlInfo}), catalogs, schemas, tables (with column schemas), table types and
 *       primary keys.</li>
 *   <li>Sessions are identified by a cookie ({@link SessionMiddleware}). Session options set the default catalog and
 *       schema and the session properties ({@code strategy}, {@code objective}, {@code priority}); SQL {@code SET}
 *       does the same.</li>
 *   <li>Proteus actions: {@value #RUNTIME_INFORMATION_ACTION} (a query's decisions and costs as JSON) and
 *       {@value #QUERY_PROGRESS_ACTION} (its progress as JSON); the body of both is the query id.</li>
 * </ul>
 */
public final class ProteusFlightSqlProducer extends NoOpFlightSqlProducer {

    /** Action returning a query's runtime information; body: the query id in UTF-8. */
    public static final String RUNTIME_INFORMATION_ACTION = "proteus.runtime-information";
    /** Action returning a query's progress; body: the query id in UTF-8. */
    public static final String QUERY_PROGRESS_ACTION = "proteus.query-progress";

    static final String CATALOG_OPTION = "catalog";
    static final String SCHEMA_OPTION = "schema";

    private static final Pattern LIKE_SPECIAL = Pattern.compile("[\\\\.\\[\\]{}()*+?^$|]");
    private static final Schema EMPTY_SCHEMA = new Schema(List.of());

    private final QueryManager queryManager;
    private final List<Connector> connectors;
    private final BufferAllocator allocator;
    private final String defaultCatalog;
    private final String defaultSchema;
    private final SqlInfoBuilder sqlInfo;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, PendingStatement> pending = new ConcurrentHashMap<>();
    private final Map<String, PendingStatement> prepared = new ConcurrentHashMap<>();
    private final Map<String, List<Object>> boundParameters = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A planned statement: for a prepared statement the id is its handle, otherwise the query id. */
    private record PendingStatement(String queryId, PreparedQuery query, Session session) {
        PendingStatement {
            requireNonNull(queryId, "queryId");
            requireNonNull(query, "query");
            requireNonNull(session, "session");
        }
    }

    public ProteusFlightSqlProducer(QueryManager queryManager, List<Connector> connectors, BufferAllocator allocator,
            String defaultCatalog, String defaultSchema) {
        this.queryManager = requireNonNull(queryManager, "queryManager");
        this.connectors = List.copyOf(connectors);
        this.allocator = requireNonNull(allocator, "allocator");
        this.defaultCatalog = defaultCatalog;
        this.defaultSchema = defaultSchema;
        this.sqlInfo = ServerSqlInfo.create(serverVersion());
    }

    private static String serverVersion() {
        String version = ProteusFlightSqlProducer.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0" : version;
    }

    private Session session(CallContext context) {
        SessionMiddleware middleware = context.getMiddleware(SessionMiddleware.KEY);
        String id = middleware == null ? "anonymous" : middleware.sessionId();
        // The authenticated user (empty when authentication is off) is part of the key: a session cookie of one user
        // never reaches another user's session.
        String user = context.peerIdentity();
        return sessions.computeIfAbsent(user + "/" + id, key -> queryManager.newSession(id, user, defaultCatalog, defaultSchema));
    }

    /** With authentication on, users reach only their own queries; without it (empty identity), every query. */
    private static boolean visibleTo(CallContext context, String owner) {
        String user = context.peerIdentity();
        return user == null || user.isEmpty() || user.equals(owner);
    }

    private SessionContext sessionContext(CallContext context, Session session) {
        SessionMiddleware middleware = context.getMiddleware(SessionMiddleware.KEY);
        if (middleware == null) {
            return session.context(null, null, Map.of());
        }
        return session.context(middleware.catalog(), middleware.schema(), middleware.properties());
    }

    private static FlightRuntimeException error(RuntimeException e) {
        if (e instanceof FlightRuntimeException flight) {
            return flight;
        }
        if (e instanceof ProteusSqlException sql) {
            return SessionMiddleware.statusOf(sql.error()).withDescription(sql.getMessage()).withCause(sql).toRuntimeException();
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return CallStatus.INTERNAL.withDescription(message).withCause(e).toRuntimeException();
    }

    // ---------------------------------------------------------------- statements

    /** Plans a statement in the caller's session; a SET statement is applied when {@code applySet} is true. */
    private PendingStatement plan(String sql, CallContext context, boolean applySet) {
        Session session = session(context);
        SessionContext sessionContext = sessionContext(context, session);
        for (Map.Entry<String, String> property : sessionContext.properties().entrySet()) {
            QueryManager.validateProperty(property.getKey(), property.getValue());
        }
        PreparedQuery query = queryManager.prepare(sql, sessionContext);
        if (applySet && query.statement().kind() == StatementKind.SET) {
            queryManager.applySet(query, session);
        }
        return new PendingStatement(queryManager.newQueryId(), query, session);
    }

    private FlightInfo flightInfo(PendingStatement statement, FlightDescriptor descriptor) {
        byte[] queryId = statement.queryId().getBytes(StandardCharsets.UTF_8);
        if (statement.query().statement().kind() == StatementKind.SET) {
            return new FlightInfo(EMPTY_SCHEMA, descriptor, List.of(), 0, 0, false, IpcOption.DEFAULT, queryId);
        }
        pending.put(statement.queryId(), statement);
        FlightSql.TicketStatementQuery ticket = FlightSql.TicketStatementQuery.newBuilder()
                .setStatementHandle(ByteString.copyFromUtf8(statement.queryId()))
                .build();
        FlightEndpoint endpoint = new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray()));
        return new FlightInfo(statement.query().resultSchema(), descriptor, List.of(endpoint), -1, -1, true,
                IpcOption.DEFAULT, queryId);
    }

    @Override
    public FlightInfo getFlightInfoStatement(FlightSql.CommandStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        try {
            PendingStatement statement = plan(command.getQuery(), context, true);
            if (statement.query().hasParameters()) {
                throw new ProteusSqlException(QueryError.VALIDATION,
                        "The statement has parameters (?); run it as a prepared statement and bind their values");
            }
            return flightInfo(statement, descriptor);
        } catch (RuntimeException e) {
            throw error(e);
        }
    }

    @Override
    public void getStreamStatement(FlightSql.TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
        String queryId = ticket.getStatementHandle().toStringUtf8();
        PendingStatement statement = pending.get(queryId);
        if (statement == null || !visibleTo(context, statement.session().user()) || !pending.remove(queryId, statement)) {
            listener.error(CallStatus.NOT_FOUND.withDescription("No pending query " + queryId
                    + " (a ticket can be read once)").toRuntimeException());
            return;
        }
        run(statement, listener);
    }

    private void run(PendingStatement statement, ServerStreamListener listener) {
        // A client that cancels its stream (Statement.cancel in most drivers) cancels the query while it runs. gRPC
        // delivers the call's own cancel callback only after this handler returns, but cancels the call's context at
        // once, so the query listens to the context.
        Context call = Context.current();
        Context.CancellationListener onCancel = context -> queryManager.cancel(statement.queryId(), "cancelled by the client");
        call.addListener(onCancel, Runnable::run);
        try {
            queryManager.execute(statement.queryId(), statement.query(), statement.session(), new ResultSink() {
                @Override
                public void start(VectorSchemaRoot root) {
                    listener.start(root);
                }

                @Override
                public void batchReady() {
                    listener.putNext();
                }

                @Override
                public boolean isCancelled() {
                    return listener.isCancelled();
                }
            });
            listener.completed();
        } catch (RuntimeException e) {
            listener.error(error(e));
        } finally {
            call.removeListener(onCancel);
        }
    }

    @Override
    public Runnable acceptPutStatement(FlightSql.CommandStatementUpdate command, CallContext context, FlightStream flightStream,
            StreamListener<PutResult> ackStream) {
        return () -> {
            try {
                PendingStatement statement = plan(command.getQuery(), context, true);
                if (statement.query().statement().kind() != StatementKind.SET) {
                    throw new ProteusSqlException(QueryError.NOT_SUPPORTED,
                            "Only SET statements can be executed as updates; run queries with executeQuery");
                }
                acknowledge(ackStream, FlightSql.DoPutUpdateResult.newBuilder().setRecordCount(0).build());
            } catch (RuntimeException e) {
                ackStream.onError(error(e));
            }
        };
    }

    /** Sends a DoPut's one result and completes the call; Flight copies the metadata, so its buffer is freed here. */
    private void acknowledge(StreamListener<PutResult> ackStream, Message message) {
        byte[] bytes = message.toByteArray();
        ArrowBuf buffer = allocator.buffer(bytes.length);
        buffer.writeBytes(bytes);
        try (PutResult result = PutResult.metadata(buffer)) {
            ackStream.onNext(result);
        }
        ackStream.onCompleted();
    }

    // ---------------------------------------------------------------- prepared statements

    @Override
    public void createPreparedStatement(FlightSql.ActionCreatePreparedStatementRequest request, CallContext context,
            StreamListener<Result> listener) {
        try {
            // Preparing plans the statement (its schemas are known now) but applies nothing: a SET runs when executed.
            PendingStatement statement = plan(request.getQuery(), context, false);
            prepared.put(statement.queryId(), statement);
            FlightSql.ActionCreatePreparedStatementResult.Builder result = FlightSql.ActionCreatePreparedStatementResult.newBuilder()
                    .setPreparedStatementHandle(ByteString.copyFromUtf8(statement.queryId()));
            if (statement.query().statement().kind() != StatementKind.SET) {
                // Clients treat a prepared statement without a dataset schema as an update.
                result.setDatasetSchema(ByteString.copyFrom(statement.query().resultSchema().serializeAsMessage()));
            }
            result.setParameterSchema(ByteString.copyFrom(statement.query().parameterSchema().serializeAsMessage()));
            listener.onNext(new Result(Any.pack(result.build()).toByteArray()));
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(error(e));
        }
    }

    @Override
    public void closePreparedStatement(FlightSql.ActionClosePreparedStatementRequest request, CallContext context,
            StreamListener<Result> listener) {
        String handle = request.getPreparedStatementHandle().toStringUtf8();
        prepared.remove(handle);
        boundParameters.remove(handle);
        listener.onCompleted();
    }

    @Override
    public Runnable acceptPutPreparedStatementQuery(FlightSql.CommandPreparedStatementQuery command, CallContext context,
            FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return () -> {
            String handle = command.getPreparedStatementHandle().toStringUtf8();
            PendingStatement statement = prepared.get(handle);
            if (statement == null) {
                ackStream.onError(CallStatus.NOT_FOUND.withDescription("Unknown prepared statement").toRuntimeException());
                return;
            }
            try {
                List<List<Object>> rows = new ArrayList<>();
                while (flightStream.next()) {
                    VectorSchemaRoot root = flightStream.getRoot();
                    for (int row = 0; row < root.getRowCount(); row++) {
                        rows.add(ParameterValues.row(root, row));
                    }
                }
                if (rows.size() != 1) {
                    throw new ProteusSqlException(QueryError.NOT_SUPPORTED, "A query binds one row of parameter values, not "
                            + rows.size() + " (batches of parameters are for updates, which Proteus does not have)");
                }
                int expected = statement.query().parameterSchema().getFields().size();
                if (rows.getFirst().size() != expected) {
                    throw new ProteusSqlException(QueryError.VALIDATION, "The statement has " + expected
                            + " parameter(s) but " + rows.getFirst().size() + " value(s) were bound");
                }
                boundParameters.put(handle, rows.getFirst());
                // The handle stays the same: the values are kept with the prepared statement until the next binding.
                acknowledge(ackStream, FlightSql.DoPutPreparedStatementResult.newBuilder()
                        .setPreparedStatementHandle(command.getPreparedStatementHandle())
                        .build());
            } catch (RuntimeException e) {
                ackStream.onError(error(e));
            }
        };
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(FlightSql.CommandPreparedStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        String handle = command.getPreparedStatementHandle().toStringUtf8();
        PendingStatement statement = prepared.get(handle);
        if (statement == null) {
            throw CallStatus.NOT_FOUND.withDescription("Unknown prepared statement").toRuntimeException();
        }
        try {
            PreparedQuery query = statement.query();
            if (query.statement().kind() == StatementKind.SET) {
                queryManager.applySet(query, statement.session());
            } else if (query.hasParameters()) {
                List<Object> values = boundParameters.get(handle);
                if (values == null) {
                    throw new ProteusSqlException(QueryError.VALIDATION, "The statement has "
                            + query.parameterSchema().getFields().size() + " parameter(s) (?) and no values were bound");
                }
                query = queryManager.bind(query, values);
            }
            // Each execution of a prepared statement is a query of its own.
            return flightInfo(new PendingStatement(queryManager.newQueryId(), query, statement.session()), descriptor);
        } catch (RuntimeException e) {
            throw error(e);
        }
    }

    @Override
    public Runnable acceptPutPreparedStatementUpdate(FlightSql.CommandPreparedStatementUpdate command, CallContext context,
            FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return () -> {
            PendingStatement statement = prepared.get(command.getPreparedStatementHandle().toStringUtf8());
            if (statement == null) {
                ackStream.onError(CallStatus.NOT_FOUND.withDescription("Unknown prepared statement").toRuntimeException());
                return;
            }
            try {
                if (statement.query().statement().kind() != StatementKind.SET) {
                    throw new ProteusSqlException(QueryError.NOT_SUPPORTED,
                            "The statement is a query, not an update; run it with executeQuery");
                }
                queryManager.applySet(statement.query(), statement.session());
                acknowledge(ackStream, FlightSql.DoPutUpdateResult.newBuilder().setRecordCount(0).build());
            } catch (RuntimeException e) {
                ackStream.onError(error(e));
            }
        };
    }

    // ---------------------------------------------------------------- cancellation and Proteus actions

    @Override
    public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener) {
        try {
            listener.onNext(cancel(request.getInfo(), context) ? CancelStatus.CANCELLED : CancelStatus.NOT_CANCELLABLE);
            listener.onCompleted();
        } catch (InvalidProtocolBufferException e) {
            listener.onError(CallStatus.INVALID_ARGUMENT.withDescription("Not a Proteus ticket").toRuntimeException());
        }
    }

    /** Cancels the queries of a FlightInfo's endpoints; true if one was pending or running. */
    private boolean cancel(FlightInfo info, CallContext context) throws InvalidProtocolBufferException {
        boolean cancelled = false;
        for (FlightEndpoint endpoint : info.getEndpoints()) {
            Any any = Any.parseFrom(endpoint.getTicket().getBytes());
            if (any.is(FlightSql.TicketStatementQuery.class)) {
                String queryId = any.unpack(FlightSql.TicketStatementQuery.class).getStatementHandle().toStringUtf8();
                PendingStatement statement = pending.get(queryId);
                String owner = statement != null ? statement.session().user()
                        : queryManager.queryInfo(queryId).map(QueryInfo::user).orElse(null);
                if (owner == null || !visibleTo(context, owner)) {
                    continue;
                }
                cancelled |= pending.remove(queryId) != null;
                cancelled |= queryManager.cancel(queryId, "cancelled by the client");
            }
        }
        return cancelled;
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
        Function<String, Optional<?>> lookup = switch (action.getType()) {
            case RUNTIME_INFORMATION_ACTION -> id -> queryManager.queryInfo(id).filter(query -> visibleTo(context, query.user()));
            case QUERY_PROGRESS_ACTION -> id -> {
                PendingStatement statement = pending.get(id);
                if (statement != null) {
                    return visibleTo(context, statement.session().user()) ? Optional.of(QueryProgress.planned(id)) : Optional.empty();
                }
                boolean visible = queryManager.queryInfo(id).map(query -> visibleTo(context, query.user())).orElse(false);
                return visible ? queryManager.progress(id) : Optional.empty();
            };
            default -> null;
        };
        if (lookup == null) {
            super.doAction(context, action, listener);
            return;
        }
        String queryId = new String(action.getBody(), StandardCharsets.UTF_8).trim();
        Optional<?> value = lookup.apply(queryId);
        if (value.isEmpty()) {
            listener.onError(CallStatus.NOT_FOUND.withDescription("Unknown query " + queryId).toRuntimeException());
            return;
        }
        try {
            listener.onNext(new Result(json.writeValueAsBytes(value.get())));
            listener.onCompleted();
        } catch (IOException e) {
            listener.onError(CallStatus.INTERNAL.withDescription(e.getMessage()).toRuntimeException());
        }
    }

    // ---------------------------------------------------------------- session options

    /** Session option values as text: strings, booleans and numbers; null for an empty value (a reset). */
    private static final SessionOptionValueVisitor<String> OPTION_TEXT = new SessionOptionValueVisitor<>() {
        @Override
        public String visit(String value) {
            return value;
        }

        @Override
        public String visit(boolean value) {
            return Boolean.toString(value);
        }

        @Override
        public String visit(long value) {
            return Long.toString(value);
        }

        @Override
        public String visit(double value) {
            return Double.toString(value);
        }

        @Override
        public String visit(String[] value) {
            throw new IllegalArgumentException("lists are not accepted");
        }

        @Override
        public String visit(Void value) {
            return null;
        }
    };

    @Override
    public void setSessionOptions(SetSessionOptionsRequest request, CallContext context,
            StreamListener<SetSessionOptionsResult> listener) {
        Session session = session(context);
        Map<String, SetSessionOptionsResult.Error> errors = new HashMap<>();
        for (Map.Entry<String, SessionOptionValue> option : request.getSessionOptions().entrySet()) {
            String name = option.getKey().toLowerCase(Locale.ROOT);
            String value;
            try {
                value = option.getValue().acceptVisitor(OPTION_TEXT);
            } catch (IllegalArgumentException e) {
                errors.put(option.getKey(), new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
                continue;
            }
            switch (name) {
                case CATALOG_OPTION -> {
                    if (value != null && connectors.stream().noneMatch(connector -> connector.catalogName().equalsIgnoreCase(value))) {
                        errors.put(option.getKey(), new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
                    } else {
                        session.setCatalog(value);
                    }
                }
                case SCHEMA_OPTION -> session.setSchema(value);
                default -> {
                    if (!QueryManager.SESSION_PROPERTIES.contains(name)) {
                        errors.put(option.getKey(), new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_NAME));
                        continue;
                    }
                    try {
                        QueryManager.validateProperty(name, value);
                        session.setProperty(name, QueryManager.canonicalValue(name, value));
                    } catch (ProteusSqlException e) {
                        errors.put(option.getKey(), new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
                    }
                }
            }
        }
        listener.onNext(new SetSessionOptionsResult(errors));
        listener.onCompleted();
    }

    @Override
    public void getSessionOptions(GetSessionOptionsRequest request, CallContext context,
            StreamListener<GetSessionOptionsResult> listener) {
        SessionContext current = sessionContext(context, session(context));
        Map<String, SessionOptionValue> options = new LinkedHashMap<>();
        if (current.catalog() != null) {
            options.put(CATALOG_OPTION, SessionOptionValueFactory.makeSessionOptionValue(current.catalog()));
        }
        if (current.schema() != null) {
            options.put(SCHEMA_OPTION, SessionOptionValueFactory.makeSessionOptionValue(current.schema()));
        }
        current.properties().forEach((name, value) -> options.put(name, SessionOptionValueFactory.makeSessionOptionValue(value)));
        listener.onNext(new GetSessionOptionsResult(options));
        listener.onCompleted();
    }

    @Override
    public void closeSession(CloseSessionRequest request, CallContext context, StreamListener<CloseSessionResult> listener) {
        Session session = session(context);
        sessions.remove(session.id());
        prepared.entrySet().removeIf(entry -> {
            boolean ofSession = entry.getValue().session() == session;
            if (ofSession) {
                boundParameters.remove(entry.getKey());
            }
            return ofSession;
        });
        listener.onNext(new CloseSessionResult(CloseSessionResult.Status.CLOSED));
        listener.onCompleted();
    }

    // ---------------------------------------------------------------- catalog metadata

    private static FlightInfo metadataInfo(Message command, FlightDescriptor descriptor, Schema schema) {
        return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(new Ticket(Any.pack(command).toByteArray()))), -1, -1);
    }

    @Override
    public FlightInfo getFlightInfoSqlInfo(FlightSql.CommandGetSqlInfo request, CallContext context, FlightDescriptor descriptor) {
        return metadataInfo(request, descriptor, Schemas.GET_SQL_INFO_SCHEMA);
    }

    @Override
    public void getStreamSqlInfo(FlightSql.CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
        sqlInfo.send(command.getInfoList(), listener);
    }

    @Override
    public FlightInfo getFlightInfoCatalogs(FlightSql.CommandGetCatalogs request, CallContext context, FlightDescriptor descriptor) {
        return metadataInfo(request, descriptor, Schemas.GET_CATALOGS_SCHEMA);
    }

    @Override
    public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
        List<String[]> rows = connectors.stream().map(connector -> new String[] {connector.catalogName()}).toList();
        sendStrings(listener, Schemas.GET_CATALOGS_SCHEMA, rows);
    }

    @Override
    public FlightInfo getFlightInfoSchemas(FlightSql.CommandGetDbSchemas request, CallContext context, FlightDescriptor descriptor) {
        return metadataInfo(request, descriptor, Schemas.GET_SCHEMAS_SCHEMA);
    }

    @Override
    public void getStreamSchemas(FlightSql.CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
        List<String[]> rows = new ArrayList<>();
        for (Connector connector : connectors) {
            if (command.hasCatalog() && !command.getCatalog().equals(connector.catalogName())) {
                continue;
            }
            for (String schema : new TreeSet<>(connector.schemaNames())) {
                if (!command.hasDbSchemaFilterPattern() || likeMatches(command.getDbSchemaFilterPattern(), schema)) {
                    rows.add(new String[] {connector.catalogName(), schema});
                }
            }
        }
        sendStrings(listener, Schemas.GET_SCHEMAS_SCHEMA, rows);
    }

    /** A table with its catalog and schema, as the metadata commands list it. */
    private record TableEntry(String catalog, String schema, TableMetadata table) {
    }

    private List<TableEntry> tables(boolean hasCatalog, String catalog, boolean hasSchemaPattern, String schemaPattern,
            boolean hasTablePattern, String tablePattern) {
        List<TableEntry> entries = new ArrayList<>();
        for (Connector connector : connectors) {
            if (hasCatalog && !catalog.equals(connector.catalogName())) {
                continue;
            }
            for (String schemaName : new TreeSet<>(connector.schemaNames())) {
                if (hasSchemaPattern && !likeMatches(schemaPattern, schemaName)) {
                    continue;
                }
                for (TableMetadata table : connector.tables(schemaName)) {
                    if (!hasTablePattern || likeMatches(tablePattern, table.name())) {
                        entries.add(new TableEntry(connector.catalogName(), schemaName, table));
                    }
                }
            }
        }
        return entries;
    }

    @Override
    public FlightInfo getFlightInfoTables(FlightSql.CommandGetTables request, CallContext context, FlightDescriptor descriptor) {
        return metadataInfo(request, descriptor,
                request.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA);
    }

    @Override
    public void getStreamTables(FlightSql.CommandGetTables command, CallContext context, ServerStreamListener listener) {
        Schema schema = command.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
        boolean tableTypeWanted = command.getTableTypesCount() == 0 || command.getTableTypesList().contains("TABLE");
        List<TableEntry> entries = tableTypeWanted
                ? tables(command.hasCatalog(), command.getCatalog(), command.hasDbSchemaFilterPattern(),
                        command.getDbSchemaFilterPattern(), command.hasTableNameFilterPattern(), command.getTableNameFilterPattern())
                : List.of();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int row = 0; row < entries.size(); row++) {
                TableEntry entry = entries.get(row);
                String[] names = {entry.catalog(), entry.schema(), entry.table().name(), "TABLE"};
                for (int column = 0; column < names.length; column++) {
                    ((VarCharVector) root.getVector(column)).setSafe(row, names[column].getBytes(StandardCharsets.UTF_8));
                }
                if (command.getIncludeSchema()) {
                    ((VarBinaryVector) root.getVector(4)).setSafe(row, describedSchema(entry).serializeAsMessage());
                }
            }
            root.setRowCount(entries.size());
            listener.start(root);
            listener.putNext();
            listener.completed();
        } catch (RuntimeException e) {
            listener.error(error(e));
        }
    }

    /** A table's Arrow schema with the Flight SQL column metadata (names, SQL type name, precision, scale). */
    static Schema describedSchema(String catalog, String schema, TableMetadata table) {
        List<Field> fields = new ArrayList<>();
        for (Field field : table.arrowSchema().getFields()) {
            FlightSqlColumnMetadata.Builder metadata = new FlightSqlColumnMetadata.Builder()
                    .catalogName(catalog)
                    .schemaName(schema)
                    .tableName(table.name())
                    .typeName(sqlTypeName(field.getType()))
                    .isAutoIncrement(false)
                    .isCaseSensitive(field.getType() instanceof ArrowType.Utf8)
                    .isReadOnly(true)
                    .isSearchable(true);
            if (field.getType() instanceof ArrowType.Decimal decimal) {
                metadata.precision(decimal.getPrecision()).scale(decimal.getScale());
            }
            Map<String, String> merged = new HashMap<>();
            if (field.getMetadata() != null) {
                merged.putAll(field.getMetadata());
            }
            merged.putAll(metadata.build().getMetadataMap());
            fields.add(new Field(field.getName(), new FieldType(field.isNullable(), field.getType(), field.getDictionary(), merged),
                    field.getChildren()));
        }
        return new Schema(fields);
    }

    private static Schema describedSchema(TableEntry entry) {
        return describedSchema(entry.catalog(), entry.schema(), entry.table());
    }

    /** The SQL name of the type Proteus stores in an Arrow type. */
    static String sqlTypeName(ArrowType type) {
        return switch (type) {
            case ArrowType.Bool ignored -> "BOOLEAN";
            case ArrowType.Int integer when integer.getBitWidth() <= 32 -> "INTEGER";
            case ArrowType.Int ignored -> "BIGINT";
            case ArrowType.FloatingPoint ignored -> "DOUBLE";
            case ArrowType.Decimal ignored -> "DECIMAL";
            case ArrowType.Date ignored -> "DATE";
            case ArrowType.Utf8 ignored -> "VARCHAR";
            default -> type.toString().toUpperCase(Locale.ROOT);
        };
    }

    @Override
    public FlightInfo getFlightInfoTableTypes(FlightSql.CommandGetTableTypes request, CallContext context, FlightDescriptor descriptor) {
        return metadataInfo(request, descriptor, Schemas.GET_TABLE_TYPES_SCHEMA);
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
        sendStrings(listener, Schemas.GET_TABLE_TYPES_SCHEMA, List.<String[]>of(new String[] {"TABLE"}));
    }

    @Override
    public FlightInfo getFlightInfoPrimaryKeys(FlightSql.CommandGetPrimaryKeys request, CallContext context,
            FlightDescriptor descriptor) {
        return metadataInfo(request, descriptor, Schemas.GET_PRIMARY_KEYS_SCHEMA);
    }

    @Override
    public void getStreamPrimaryKeys(FlightSql.CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
        List<TableEntry> entries = new ArrayList<>();
        for (TableEntry entry : tables(command.hasCatalog(), command.getCatalog(), command.hasDbSchema(), command.getDbSchema(),
                true, command.getTable())) {
            // The names are exact here, not patterns.
            if (entry.table().name().equals(command.getTable())
                    && (!command.hasDbSchema() || entry.schema().equals(command.getDbSchema()))) {
                entries.add(entry);
            }
        }
        try (VectorSchemaRoot root = VectorSchemaRoot.create(Schemas.GET_PRIMARY_KEYS_SCHEMA, allocator)) {
            int row = 0;
            for (TableEntry entry : entries) {
                if (entry.table().uniqueKeys().isEmpty()) {
                    continue;
                }
                List<String> key = entry.table().uniqueKeys().getFirst();
                for (int position = 0; position < key.size(); position++) {
                    String[] names = {entry.catalog(), entry.schema(), entry.table().name(), key.get(position)};
                    for (int column = 0; column < names.length; column++) {
                        ((VarCharVector) root.getVector(column)).setSafe(row, names[column].getBytes(StandardCharsets.UTF_8));
                    }
                    ((VarCharVector) root.getVector("key_name")).setNull(row);
                    ((IntVector) root.getVector("key_sequence")).setSafe(row, position + 1);
                    row++;
                }
            }
            root.setRowCount(row);
            listener.start(root);
            listener.putNext();
            listener.completed();
        } catch (RuntimeException e) {
            listener.error(error(e));
        }
    }

    private void sendStrings(ServerStreamListener listener, Schema schema, List<String[]> rows) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int row = 0; row < rows.size(); row++) {
                for (int column = 0; column < rows.get(row).length; column++) {
                    String value = rows.get(row)[column];
                    VarCharVector vector = (VarCharVector) root.getVector(column);
                    if (value == null) {
                        vector.setNull(row);
                    } else {
                        vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            root.setRowCount(rows.size());
            listener.start(root);
            listener.putNext();
            listener.completed();
        } catch (RuntimeException e) {
            listener.error(error(e));
        }
    }

    /** SQL LIKE pattern match as used by JDBC metadata filters. */
    static boolean likeMatches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char character : pattern.toCharArray()) {
            switch (character) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(LIKE_SPECIAL.matcher(String.valueOf(character)).replaceAll("\\\\$0"));
            }
        }
        return value.matches("(?is)" + regex);
    }

    /** Clears pending and prepared statements, for shutdown. */
    public void close() {
        pending.clear();
        prepared.clear();
        boundParameters.clear();
    }
}
