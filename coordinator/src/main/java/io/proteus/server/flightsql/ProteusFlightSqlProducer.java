package io.proteus.server.flightsql;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.proteus.server.query.PreparedQuery;
import io.proteus.server.query.QueryInfo;
import io.proteus.server.query.QueryManager;
import io.proteus.server.query.ResultSink;
import io.proteus.server.query.Session;
import io.proteus.sql.ProteusSqlException;
import io.proteus.sql.QueryError;
import io.proteus.sql.SessionContext;
import io.proteus.sql.StatementKind;
import io.proteus.sql.catalog.Connector;
import io.proteus.sql.catalog.TableMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.NoOpFlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The coordinator's Arrow Flight SQL endpoint: statements and prepared statements are planned when the client asks
 * for their FlightInfo (so the result schema is known up front), run by the {@link QueryManager} when the client reads
 * the ticket, and streamed back batch by batch. Also serves catalog metadata, cancellation, and the Proteus action
 * {@code proteus.runtime-information} (a query's decisions and costs as JSON).
 */
public final class ProteusFlightSqlProducer extends NoOpFlightSqlProducer {

    /** Action returning a query's runtime information; body: the query id in UTF-8. */
    public static final String RUNTIME_INFORMATION_ACTION = "proteus.runtime-information";

    private static final Pattern LIKE_SPECIAL = Pattern.compile("[\\\\.\\[\\]{}()*+?^$|]");

    private final QueryManager queryManager;
    private final List<Connector> connectors;
    private final BufferAllocator allocator;
    private final String defaultCatalog;
    private final String defaultSchema;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, PendingStatement> pending = new ConcurrentHashMap<>();
    private final Map<String, PendingStatement> prepared = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private record PendingStatement(String queryId, PreparedQuery query, Session session) {
    }

    public ProteusFlightSqlProducer(QueryManager queryManager, List<Connector> connectors, BufferAllocator allocator,
            String defaultCatalog, String defaultSchema) {
        this.queryManager = requireNonNull(queryManager, "queryManager");
        this.connectors = List.copyOf(connectors);
        this.allocator = requireNonNull(allocator, "allocator");
        this.defaultCatalog = defaultCatalog;
        this.defaultSchema = defaultSchema;
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

    private PendingStatement plan(String sql, CallContext context) {
        Session session = session(context);
        SessionContext sessionContext = sessionContext(context, session);
        for (Map.Entry<String, String> property : sessionContext.properties().entrySet()) {
            QueryManager.validateProperty(property.getKey(), property.getValue());
        }
        PreparedQuery query = queryManager.prepare(sql, sessionContext);
        if (query.statement().kind() == StatementKind.SET) {
            queryManager.applySet(query, session);
        }
        return new PendingStatement(queryManager.newQueryId(), query, session);
    }

    private FlightInfo flightInfo(PendingStatement statement, FlightDescriptor descriptor) {
        byte[] queryId = statement.queryId().getBytes(StandardCharsets.UTF_8);
        if (statement.query().statement().kind() == StatementKind.SET) {
            return new FlightInfo(new Schema(List.of()), descriptor, List.of(), 0, 0, false, IpcOption.DEFAULT, queryId);
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
            return flightInfo(plan(command.getQuery(), context), descriptor);
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
        }
    }

    @Override
    public Runnable acceptPutStatement(FlightSql.CommandStatementUpdate command, CallContext context, FlightStream flightStream,
            StreamListener<PutResult> ackStream) {
        return () -> {
            try {
                PendingStatement statement = plan(command.getQuery(), context);
                if (statement.query().statement().kind() != StatementKind.SET) {
                    pending.remove(statement.queryId());
                    throw new ProteusSqlException(QueryError.NOT_SUPPORTED,
                            "Only SET statements can be executed as updates; run queries with executeQuery");
                }
                ackStream.onNext(PutResult.metadata(updateCount(0)));
                ackStream.onCompleted();
            } catch (RuntimeException e) {
                ackStream.onError(error(e));
            }
        };
    }

    private org.apache.arrow.memory.ArrowBuf updateCount(long count) {
        FlightSql.DoPutUpdateResult result = FlightSql.DoPutUpdateResult.newBuilder().setRecordCount(count).build();
        byte[] bytes = result.toByteArray();
        org.apache.arrow.memory.ArrowBuf buffer = allocator.buffer(bytes.length);
        buffer.writeBytes(bytes);
        return buffer;
    }

    // ---------------------------------------------------------------- prepared statements

    @Override
    public void createPreparedStatement(FlightSql.ActionCreatePreparedStatementRequest request, CallContext context,
            StreamListener<Result> listener) {
        try {
            PendingStatement statement = plan(request.getQuery(), context);
            prepared.put(statement.queryId(), statement);
            FlightSql.ActionCreatePreparedStatementResult.Builder result = FlightSql.ActionCreatePreparedStatementResult.newBuilder()
                    .setPreparedStatementHandle(ByteString.copyFromUtf8(statement.queryId()));
            if (statement.query().statement().kind() != StatementKind.SET) {
                result.setDatasetSchema(ByteString.copyFrom(statement.query().resultSchema().serializeAsMessage()));
            }
            result.setParameterSchema(ByteString.copyFrom(new Schema(List.of()).serializeAsMessage()));
            listener.onNext(new Result(Any.pack(result.build()).toByteArray()));
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(error(e));
        }
    }

    @Override
    public void closePreparedStatement(FlightSql.ActionClosePreparedStatementRequest request, CallContext context,
            StreamListener<Result> listener) {
        prepared.remove(request.getPreparedStatementHandle().toStringUtf8());
        listener.onCompleted();
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(FlightSql.CommandPreparedStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        PendingStatement statement = prepared.get(command.getPreparedStatementHandle().toStringUtf8());
        if (statement == null) {
            throw CallStatus.NOT_FOUND.withDescription("Unknown prepared statement").toRuntimeException();
        }
        try {
            // Each execution of a prepared statement is a query of its own.
            PendingStatement execution = new PendingStatement(queryManager.newQueryId(), statement.query(), statement.session());
            return flightInfo(execution, descriptor);
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
            if (statement.query().statement().kind() == StatementKind.SET) {
                try {
                    queryManager.applySet(statement.query(), statement.session());
                } catch (RuntimeException e) {
                    ackStream.onError(error(e));
                    return;
                }
            }
            ackStream.onNext(PutResult.metadata(updateCount(0)));
            ackStream.onCompleted();
        };
    }

    // ---------------------------------------------------------------- cancellation and runtime information

    @Override
    public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener) {
        boolean cancelled = false;
        for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
            try {
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
            } catch (InvalidProtocolBufferException e) {
                listener.onError(CallStatus.INVALID_ARGUMENT.withDescription("Not a Proteus ticket").toRuntimeException());
                return;
            }
        }
        listener.onNext(cancelled ? CancelStatus.CANCELLED : CancelStatus.NOT_CANCELLABLE);
        listener.onCompleted();
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
        if (RUNTIME_INFORMATION_ACTION.equals(action.getType())) {
            String queryId = new String(action.getBody(), StandardCharsets.UTF_8).trim();
            Optional<QueryInfo> info = queryManager.queryInfo(queryId).filter(query -> visibleTo(context, query.user()));
            if (info.isEmpty()) {
                listener.onError(CallStatus.NOT_FOUND.withDescription("Unknown query " + queryId).toRuntimeException());
                return;
            }
            try {
                listener.onNext(new Result(json.writeValueAsBytes(info.get())));
                listener.onCompleted();
            } catch (java.io.IOException e) {
                listener.onError(CallStatus.INTERNAL.withDescription(e.getMessage()).toRuntimeException());
            }
            return;
        }
        super.doAction(context, action, listener);
    }

    // ---------------------------------------------------------------- catalog metadata

    private FlightInfo metadataInfo(com.google.protobuf.Message command, FlightDescriptor descriptor, Schema schema) {
        return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(new Ticket(Any.pack(command).toByteArray()))), -1, -1);
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
            for (String schema : new java.util.TreeSet<>(connector.schemaNames())) {
                if (!command.hasDbSchemaFilterPattern() || likeMatches(command.getDbSchemaFilterPattern(), schema)) {
                    rows.add(new String[] {connector.catalogName(), schema});
                }
            }
        }
        sendStrings(listener, Schemas.GET_SCHEMAS_SCHEMA, rows);
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
        List<Object[]> rows = new ArrayList<>();
        if (tableTypeWanted) {
            for (Connector connector : connectors) {
                if (command.hasCatalog() && !command.getCatalog().equals(connector.catalogName())) {
                    continue;
                }
                for (String schemaName : new java.util.TreeSet<>(connector.schemaNames())) {
                    if (command.hasDbSchemaFilterPattern() && !likeMatches(command.getDbSchemaFilterPattern(), schemaName)) {
                        continue;
                    }
                    for (TableMetadata table : connector.tables(schemaName)) {
                        if (command.hasTableNameFilterPattern() && !likeMatches(command.getTableNameFilterPattern(), table.name())) {
                            continue;
                        }
                        rows.add(new Object[] {connector.catalogName(), schemaName, table.name(), "TABLE",
                                table.arrowSchema().serializeAsMessage()});
                    }
                }
            }
        }
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int row = 0; row < rows.size(); row++) {
                Object[] values = rows.get(row);
                for (int column = 0; column < 4; column++) {
                    ((VarCharVector) root.getVector(column)).setSafe(row, ((String) values[column]).getBytes(StandardCharsets.UTF_8));
                }
                if (command.getIncludeSchema()) {
                    ((VarBinaryVector) root.getVector(4)).setSafe(row, (byte[]) values[4]);
                }
            }
            root.setRowCount(rows.size());
            listener.start(root);
            listener.putNext();
            listener.completed();
        }
    }

    @Override
    public FlightInfo getFlightInfoTableTypes(FlightSql.CommandGetTableTypes request, CallContext context, FlightDescriptor descriptor) {
        return metadataInfo(request, descriptor, Schemas.GET_TABLE_TYPES_SCHEMA);
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
        sendStrings(listener, Schemas.GET_TABLE_TYPES_SCHEMA, List.<String[]>of(new String[] {"TABLE"}));
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

    /** Clears pending statements, for shutdown. */
    public void close() {
        pending.clear();
        prepared.clear();
    }

}
