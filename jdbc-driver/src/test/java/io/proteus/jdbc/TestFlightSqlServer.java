package io.proteus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightMethod;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.RequestContext;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.NoOpFlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An in-process Arrow Flight SQL server for the driver's tests: a {@link NoOpFlightSqlProducer} serving a few fixed
 * queries, metadata commands, prepared statements and the runtime-information action, and recording every call's
 * headers. Closing it asserts that the server's allocator has nothing allocated any more.
 */
final class TestFlightSqlServer implements AutoCloseable {
    /** 24 rows over 2 endpoints of 3 batches each: int, bigint, decimal with nulls, date, varchar, double. */
    static final String NUMBERS = "SELECT * FROM numbers";
    static final int NUMBERS_ROWS = 24;
    /** Two rows of the other types; the second row is all nulls. */
    static final String TYPES = "SELECT * FROM types";
    /** Result columns but no row. */
    static final String EMPTY = "SELECT * FROM numbers WHERE false";
    /** A statement without result columns (empty schema). */
    static final String NO_ROWS = "SET strategy = 'dynamic'";
    /** Fails with INVALID_ARGUMENT and a Calcite-style message. */
    static final String SYNTAX_ERROR = "SELECT nope FROM numbers";
    static final String SYNTAX_ERROR_MESSAGE =
            "From line 1, column 8 to line 1, column 11: Column 'NOPE' not found in any table";
    /** Fails with NOT_FOUND. */
    static final String MISSING_TABLE = "SELECT * FROM missing";
    /** Fails in the middle of the stream, after one batch. */
    static final String FAILING_STREAM = "SELECT * FROM failing";
    /** 200 batches of 1000 rows, streamed until the client cancels. */
    static final String BIG = "SELECT * FROM big";
    /** One batch, then the stream waits until it is cancelled. */
    static final String SLOW_STREAM = "SELECT * FROM slow_stream";
    /** GetFlightInfo waits until it is cancelled. */
    static final String SLOW_PLANNING = "SELECT * FROM slow_planning";
    /** Update statement returning 3. */
    static final String UPDATE = "INSERT INTO t VALUES (1), (2), (3)";
    /** Prepared query with an INTEGER and a VARCHAR parameter, echoing them back. */
    static final String ECHO = "SELECT ? AS number, ? AS text";
    /** Prepared query that the server does not describe parameters for; echoes them back. */
    static final String UNTYPED_ECHO = "SELECT ?, ?, ?";
    static final String QUERY_ID = "20240101_000000_00042_proteus";

    private static final Schema NUMBERS_SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(32, true)), null),
            new Field("big", FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field("amount", FieldType.nullable(new ArrowType.Decimal(10, 2, 128)), null),
            new Field("day", FieldType.nullable(new ArrowType.Date(DateUnit.DAY)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("ratio", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                    null)));

    private static final Schema TYPES_SCHEMA = new Schema(List.of(
            new Field("tiny", FieldType.nullable(new ArrowType.Int(8, true)), null),
            new Field("small", FieldType.nullable(new ArrowType.Int(16, true)), null),
            new Field("flag", FieldType.nullable(ArrowType.Bool.INSTANCE), null),
            new Field("real_value", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                    null),
            new Field("moment", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)), null),
            new Field("instant", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")), null),
            new Field("clock", FieldType.nullable(new ArrowType.Time(TimeUnit.MILLISECOND, 32)), null),
            new Field("payload", FieldType.nullable(ArrowType.Binary.INSTANCE), null)));

    private static final Schema BIG_SCHEMA = new Schema(List.of(
            new Field("value", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

    private static final Schema ECHO_PARAMETERS = new Schema(List.of(
            new Field("number", FieldType.nullable(new ArrowType.Int(32, true)), null),
            new Field("text", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    /** One recorded call: its method and its headers (lower-case names). */
    record RecordedCall(FlightMethod method, Map<String, String> headers) {}

    private final BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    private final FlightServer server;
    final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    final List<String> cancelledQueries = new CopyOnWriteArrayList<>();
    final Set<String> closedPreparedStatements = ConcurrentHashMap.newKeySet();
    final List<List<Object>> boundParameters = new CopyOnWriteArrayList<>();
    final CountDownLatch bigStreamCancelled = new CountDownLatch(1);
    final CountDownLatch slowStreamCancelled = new CountDownLatch(1);
    final CountDownLatch slowPlanningCancelled = new CountDownLatch(1);
    final CountDownLatch slowStreamStarted = new CountDownLatch(1);
    final CountDownLatch slowPlanningStarted = new CountDownLatch(1);
    private final Map<String, List<Object>> preparedParameters = new ConcurrentHashMap<>();
    private final AtomicInteger preparedCounter = new AtomicInteger();
    /** Streams still being produced; close() waits for them, since a cancelled stream notices it late. */
    private final AtomicInteger activeStreams = new AtomicInteger();

    private TestFlightSqlServer(String user, String password) throws Exception {
        FlightServer.Builder builder = FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0),
                        new Producer())
                .middleware(FlightServerMiddleware.Key.of("recording"), new RecordingMiddleware.Factory(calls));
        if (user != null) {
            builder.headerAuthenticator(new GeneratedBearerTokenAuthenticator(
                    new BasicCallHeaderAuthenticator((givenUser, givenPassword) -> {
                        if (user.equals(givenUser) && password.equals(givenPassword)) {
                            return () -> givenUser;
                        }
                        throw CallStatus.UNAUTHENTICATED.withDescription("Invalid user name or password")
                                .toRuntimeException();
                    })));
        }
        server = builder.build().start();
    }

    static TestFlightSqlServer start() throws Exception {
        return new TestFlightSqlServer(null, null);
    }

    static TestFlightSqlServer startWithAuthentication(String user, String password) throws Exception {
        return new TestFlightSqlServer(user, password);
    }

    String url() {
        return "jdbc:proteus://127.0.0.1:" + server.getPort();
    }

    int port() {
        return server.getPort();
    }

    /** The calls of one method, in order. */
    List<RecordedCall> calls(FlightMethod method) {
        List<RecordedCall> selected = new ArrayList<>();
        for (RecordedCall call : calls) {
            if (call.method() == method) {
                selected.add(call);
            }
        }
        return selected;
    }

    long allocatedMemory() {
        return allocator.getAllocatedMemory();
    }

    @Override
    public void close() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (activeStreams.get() > 0 && System.nanoTime() < deadline) {
            sleep(5);
        }
        server.shutdown();
        try {
            server.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // Every batch the server sent has been released.
        assertThat(allocator.getAllocatedMemory()).as("server allocated memory").isZero();
        allocator.close();
    }

    // ---- Data ----

    static BigDecimal amount(int row) {
        return row % 3 == 0 ? null : BigDecimal.valueOf(row * 100L + 5, 2);
    }

    static String name(int row) {
        return row % 5 == 4 ? null : "name-" + row;
    }

    static Double ratio(int row) {
        return row % 7 == 6 ? null : row / 4.0;
    }

    static LocalDate day(int row) {
        return LocalDate.of(2024, 1, 1).plusDays(row);
    }

    private static void writeNumbers(VectorSchemaRoot root, int firstRow, int count) {
        IntVector id = (IntVector) root.getVector("id");
        BigIntVector big = (BigIntVector) root.getVector("big");
        DecimalVector amount = (DecimalVector) root.getVector("amount");
        DateDayVector day = (DateDayVector) root.getVector("day");
        VarCharVector name = (VarCharVector) root.getVector("name");
        Float8Vector ratio = (Float8Vector) root.getVector("ratio");
        for (int index = 0; index < count; index++) {
            int row = firstRow + index;
            id.setSafe(index, row);
            big.setSafe(index, row * 10_000_000_000L);
            if (amount(row) == null) {
                amount.setNull(index);
            } else {
                amount.setSafe(index, amount(row));
            }
            day.setSafe(index, (int) day(row).toEpochDay());
            if (name(row) == null) {
                name.setNull(index);
            } else {
                name.setSafe(index, name(row).getBytes(StandardCharsets.UTF_8));
            }
            if (ratio(row) == null) {
                ratio.setNull(index);
            } else {
                ratio.setSafe(index, ratio(row));
            }
        }
        root.setRowCount(count);
    }

    private static void writeTypes(VectorSchemaRoot root) {
        ((TinyIntVector) root.getVector("tiny")).setSafe(0, (byte) -7);
        ((SmallIntVector) root.getVector("small")).setSafe(0, (short) 31000);
        ((BitVector) root.getVector("flag")).setSafe(0, 1);
        ((Float4Vector) root.getVector("real_value")).setSafe(0, 0.1f);
        // 2024-02-29 13:45:30.125 as a wall clock reading.
        ((TimeStampMilliVector) root.getVector("moment")).setSafe(0, 1_709_214_330_125L);
        // 2024-02-29T13:45:30.123456Z
        ((TimeStampMicroTZVector) root.getVector("instant")).setSafe(0, 1_709_214_330_123_456L);
        ((TimeMilliVector) root.getVector("clock")).setSafe(0, (13 * 3600 + 45 * 60 + 30) * 1000 + 250);
        ((VarBinaryVector) root.getVector("payload")).setSafe(0, new byte[] {(byte) 0xca, (byte) 0xfe, 0x01});
        for (FieldVector vector : root.getFieldVectors()) {
            vector.setNull(1);
        }
        root.setRowCount(2);
    }

    // ---- Producer ----

    private static Ticket ticket(String handle) {
        return new Ticket(Any.pack(FlightSql.TicketStatementQuery.newBuilder()
                .setStatementHandle(ByteString.copyFromUtf8(handle)).build()).toByteArray());
    }

    private static FlightInfo info(Schema schema, FlightDescriptor descriptor, List<String> handles) {
        List<FlightEndpoint> endpoints = new ArrayList<>();
        for (String handle : handles) {
            endpoints.add(new FlightEndpoint(ticket(handle)));
        }
        return FlightInfo.builder(schema, descriptor, endpoints)
                .setAppMetadata(QUERY_ID.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static FlightInfo metadataInfo(Schema schema, FlightDescriptor descriptor) {
        return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(new Ticket(descriptor.getCommand()))),
                -1, -1);
    }

    /** Sends the rows written by {@code writer} as one batch. */
    private void sendOne(Schema schema, ServerStreamListener listener, BiConsumer<VectorSchemaRoot, Integer> writer) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            listener.start(root);
            root.allocateNew();
            writer.accept(root, 0);
            listener.putNext();
            listener.completed();
        }
    }

    private final class Producer extends NoOpFlightSqlProducer {
        @Override
        public FlightInfo getFlightInfoStatement(FlightSql.CommandStatementQuery command, CallContext context,
                FlightDescriptor descriptor) {
            String query = command.getQuery();
            switch (query) {
                case NUMBERS:
                    return info(NUMBERS_SCHEMA, descriptor, List.of("numbers:0", "numbers:1"));
                case TYPES:
                    return info(TYPES_SCHEMA, descriptor, List.of("types"));
                case EMPTY:
                    return info(NUMBERS_SCHEMA, descriptor, List.of("empty"));
                case NO_ROWS:
                    return FlightInfo.builder(null, descriptor, List.of())
                            .setAppMetadata(QUERY_ID.getBytes(StandardCharsets.UTF_8))
                            .build();
                case SYNTAX_ERROR:
                    throw CallStatus.INVALID_ARGUMENT.withDescription(SYNTAX_ERROR_MESSAGE).toRuntimeException();
                case MISSING_TABLE:
                    throw CallStatus.NOT_FOUND.withDescription("Object 'missing' not found").toRuntimeException();
                case FAILING_STREAM:
                    return info(NUMBERS_SCHEMA, descriptor, List.of("failing"));
                case BIG:
                    return info(BIG_SCHEMA, descriptor, List.of("big"));
                case SLOW_STREAM:
                    return info(BIG_SCHEMA, descriptor, List.of("slow"));
                case SLOW_PLANNING:
                    slowPlanningStarted.countDown();
                    waitForCancellation(context::isCancelled, slowPlanningCancelled);
                    throw CallStatus.CANCELLED.withDescription("planning cancelled").toRuntimeException();
                default:
                    throw CallStatus.INVALID_ARGUMENT.withDescription("Unknown test query: " + query)
                            .toRuntimeException();
            }
        }

        @Override
        public void getStreamStatement(FlightSql.TicketStatementQuery ticket, CallContext context,
                ServerStreamListener listener) {
            activeStreams.incrementAndGet();
            try {
                streamStatement(ticket.getStatementHandle().toStringUtf8(), listener);
            } finally {
                activeStreams.decrementAndGet();
            }
        }

        private void streamStatement(String handle, ServerStreamListener listener) {
            switch (handle) {
                case "numbers:0":
                case "numbers:1":
                    sendNumbers(handle.endsWith("0") ? 0 : NUMBERS_ROWS / 2, listener);
                    return;
                case "types":
                    sendOne(TYPES_SCHEMA, listener, (root, ignored) -> writeTypes(root));
                    return;
                case "empty":
                    try (VectorSchemaRoot root = VectorSchemaRoot.create(NUMBERS_SCHEMA, allocator)) {
                        listener.start(root);
                        listener.completed();
                    }
                    return;
                case "failing":
                    try (VectorSchemaRoot root = VectorSchemaRoot.create(NUMBERS_SCHEMA, allocator)) {
                        listener.start(root);
                        writeNumbers(root, 0, 4);
                        listener.putNext();
                        listener.error(CallStatus.INTERNAL.withDescription("Worker 3 failed: disk full")
                                .toRuntimeException());
                    }
                    return;
                case "big":
                    sendBig(listener);
                    return;
                case "slow":
                    sendSlow(listener);
                    return;
                default:
                    listener.error(CallStatus.NOT_FOUND.withDescription("Unknown ticket " + handle)
                            .toRuntimeException());
            }
        }

        private void sendNumbers(int firstRow, ServerStreamListener listener) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(NUMBERS_SCHEMA, allocator)) {
                listener.start(root);
                int batchRows = NUMBERS_ROWS / 6;
                for (int batch = 0; batch < 3; batch++) {
                    root.allocateNew();
                    writeNumbers(root, firstRow + batch * batchRows, batchRows);
                    listener.putNext();
                }
                listener.completed();
            }
        }

        private void sendBig(ServerStreamListener listener) {
            listener.setOnCancelHandler(bigStreamCancelled::countDown);
            try (VectorSchemaRoot root = VectorSchemaRoot.create(BIG_SCHEMA, allocator)) {
                listener.start(root);
                BigIntVector value = (BigIntVector) root.getVector("value");
                for (int batch = 0; batch < 200 && !listener.isCancelled(); batch++) {
                    root.allocateNew();
                    for (int row = 0; row < 1000; row++) {
                        value.setSafe(row, batch * 1000L + row);
                    }
                    root.setRowCount(1000);
                    listener.putNext();
                    // Let the client's flow control apply, as a real worker would wait for data.
                    while (!listener.isReady() && !listener.isCancelled()) {
                        sleep(1);
                    }
                }
                if (listener.isCancelled()) {
                    bigStreamCancelled.countDown();
                } else {
                    listener.completed();
                }
            }
        }

        private void sendSlow(ServerStreamListener listener) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(BIG_SCHEMA, allocator)) {
                listener.start(root);
                ((BigIntVector) root.getVector("value")).setSafe(0, 1);
                root.setRowCount(1);
                listener.putNext();
                slowStreamStarted.countDown();
                waitForCancellation(listener::isCancelled, slowStreamCancelled);
            }
        }

        @Override
        public Runnable acceptPutStatement(FlightSql.CommandStatementUpdate command, CallContext context,
                FlightStream flightStream, StreamListener<PutResult> ackStream) {
            return () -> {
                if (!command.getQuery().equals(UPDATE)) {
                    ackStream.onError(CallStatus.INVALID_ARGUMENT.withDescription(
                            "From line 1, column 1 to line 1, column 6: Non-query expression encountered in illegal"
                                    + " context").toRuntimeException());
                    return;
                }
                sendUpdateCount(3, ackStream);
            };
        }

        private void sendUpdateCount(long count, StreamListener<PutResult> ackStream) {
            byte[] result = FlightSql.DoPutUpdateResult.newBuilder().setRecordCount(count).build().toByteArray();
            try (ArrowBuf buffer = allocator.buffer(result.length)) {
                buffer.writeBytes(result);
                ackStream.onNext(PutResult.metadata(buffer));
            }
            ackStream.onCompleted();
        }

        @Override
        public void createPreparedStatement(FlightSql.ActionCreatePreparedStatementRequest request,
                CallContext context, StreamListener<Result> listener) {
            String sql = request.getQuery();
            Schema parameters;
            Schema dataset;
            if (sql.equals(ECHO)) {
                parameters = ECHO_PARAMETERS;
                dataset = ECHO_PARAMETERS;
            } else if (sql.equals(UNTYPED_ECHO) || sql.equals(UPDATE)) {
                parameters = new Schema(List.of());
                dataset = new Schema(List.of());
            } else if (sql.equals(NUMBERS)) {
                parameters = new Schema(List.of());
                dataset = NUMBERS_SCHEMA;
            } else {
                listener.onError(CallStatus.INVALID_ARGUMENT.withDescription(SYNTAX_ERROR_MESSAGE)
                        .toRuntimeException());
                return;
            }
            String handle = sql + "#" + preparedCounter.incrementAndGet();
            FlightSql.ActionCreatePreparedStatementResult result =
                    FlightSql.ActionCreatePreparedStatementResult.newBuilder()
                            .setPreparedStatementHandle(ByteString.copyFromUtf8(handle))
                            .setParameterSchema(ByteString.copyFrom(parameters.serializeAsMessage()))
                            .setDatasetSchema(ByteString.copyFrom(dataset.serializeAsMessage()))
                            .build();
            listener.onNext(new Result(Any.pack(result).toByteArray()));
            listener.onCompleted();
        }

        @Override
        public void closePreparedStatement(FlightSql.ActionClosePreparedStatementRequest request,
                CallContext context, StreamListener<Result> listener) {
            closedPreparedStatements.add(request.getPreparedStatementHandle().toStringUtf8());
            listener.onCompleted();
        }

        private List<List<Object>> readRows(FlightStream stream) {
            List<List<Object>> rows = new ArrayList<>();
            while (stream.next()) {
                VectorSchemaRoot root = stream.getRoot();
                for (int row = 0; row < root.getRowCount(); row++) {
                    List<Object> values = new ArrayList<>();
                    for (FieldVector vector : root.getFieldVectors()) {
                        Object value = vector.getObject(row);
                        values.add(value instanceof org.apache.arrow.vector.util.Text ? value.toString() : value);
                    }
                    rows.add(values);
                }
            }
            return rows;
        }

        @Override
        public Runnable acceptPutPreparedStatementQuery(FlightSql.CommandPreparedStatementQuery command,
                CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
            return () -> {
                List<List<Object>> rows = readRows(flightStream);
                String handle = command.getPreparedStatementHandle().toStringUtf8();
                preparedParameters.put(handle, rows.isEmpty() ? List.of() : rows.get(0));
                boundParameters.addAll(rows);
                ackStream.onCompleted();
            };
        }

        @Override
        public Runnable acceptPutPreparedStatementUpdate(FlightSql.CommandPreparedStatementUpdate command,
                CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
            return () -> {
                List<List<Object>> rows = readRows(flightStream);
                boundParameters.addAll(rows);
                sendUpdateCount(Math.max(rows.size(), 1), ackStream);
            };
        }

        @Override
        public FlightInfo getFlightInfoPreparedStatement(FlightSql.CommandPreparedStatementQuery command,
                CallContext context, FlightDescriptor descriptor) {
            String handle = command.getPreparedStatementHandle().toStringUtf8();
            Schema schema = handle.startsWith(NUMBERS) ? NUMBERS_SCHEMA : echoSchema(handle);
            if (handle.startsWith(NUMBERS)) {
                return info(schema, descriptor, List.of("numbers:0", "numbers:1"));
            }
            return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(new Ticket(descriptor.getCommand()))),
                    -1, -1);
        }

        private Schema echoSchema(String handle) {
            if (handle.startsWith(ECHO)) {
                return ECHO_PARAMETERS;
            }
            List<Field> fields = new ArrayList<>();
            for (Object value : preparedParameters.getOrDefault(handle, List.of())) {
                fields.add(new Field("value_" + fields.size(), FieldType.nullable(ArrowType.Utf8.INSTANCE), null));
            }
            return new Schema(fields);
        }

        @Override
        public void getStreamPreparedStatement(FlightSql.CommandPreparedStatementQuery command, CallContext context,
                ServerStreamListener listener) {
            String handle = command.getPreparedStatementHandle().toStringUtf8();
            List<Object> parameters = preparedParameters.getOrDefault(handle, List.of());
            Schema schema = echoSchema(handle);
            sendOne(schema, listener, (root, ignored) -> {
                if (handle.startsWith(ECHO)) {
                    IntVector number = (IntVector) root.getVector(0);
                    VarCharVector text = (VarCharVector) root.getVector(1);
                    if (parameters.get(0) == null) {
                        number.setNull(0);
                    } else {
                        number.setSafe(0, (Integer) parameters.get(0));
                    }
                    if (parameters.get(1) == null) {
                        text.setNull(0);
                    } else {
                        text.setSafe(0, parameters.get(1).toString().getBytes(StandardCharsets.UTF_8));
                    }
                } else {
                    // Each parameter as "<value> (<Java class of the Arrow value>)".
                    for (int index = 0; index < parameters.size(); index++) {
                        Object value = parameters.get(index);
                        String text = value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
                        ((VarCharVector) root.getVector(index)).setSafe(0, text.getBytes(StandardCharsets.UTF_8));
                    }
                }
                root.setRowCount(1);
            });
        }

        @Override
        public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context,
                StreamListener<CancelStatus> listener) {
            byte[] queryId = request.getInfo().getAppMetadata();
            cancelledQueries.add(queryId == null ? "" : new String(queryId, StandardCharsets.UTF_8));
            listener.onNext(CancelStatus.CANCELLED);
            listener.onCompleted();
        }

        @Override
        public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
            if (action.getType().equals(ProteusStatement.RUNTIME_INFORMATION_ACTION)) {
                String queryId = new String(action.getBody(), StandardCharsets.UTF_8);
                if (!queryId.equals(QUERY_ID)) {
                    listener.onError(CallStatus.NOT_FOUND.withDescription("Query " + queryId + " not found")
                            .toRuntimeException());
                    return;
                }
                String json = "{\"queryId\":\"" + queryId + "\",\"state\":\"FINISHED\"}";
                listener.onNext(new Result(json.getBytes(StandardCharsets.UTF_8)));
                listener.onCompleted();
                return;
            }
            super.doAction(context, action, listener);
        }

        // ---- Metadata ----

        private final List<String[]> tables = List.of(
                new String[] {"proteus", "tpcds", "store_sales", "TABLE"},
                new String[] {"proteus", "tpcds", "item", "TABLE"},
                new String[] {"system", "runtime", "queries", "VIEW"});

        private Schema tableSchema(String table) {
            switch (table) {
                case "store_sales":
                    return new Schema(List.of(
                            new Field("ss_item_sk", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                            new Field("ss_net_paid", FieldType.nullable(new ArrowType.Decimal(7, 2, 128)), null),
                            new Field("ss_sold_date", FieldType.nullable(new ArrowType.Date(DateUnit.DAY)), null)));
                case "item":
                    return new Schema(List.of(
                            new Field("i_item_sk", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                            new Field("i_item_id", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
                default:
                    return new Schema(List.of(
                            new Field("query_id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                            new Field("state", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
            }
        }

        @Override
        public FlightInfo getFlightInfoCatalogs(FlightSql.CommandGetCatalogs request, CallContext context,
                FlightDescriptor descriptor) {
            return metadataInfo(FlightSqlProducer.Schemas.GET_CATALOGS_SCHEMA, descriptor);
        }

        @Override
        public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
            sendOne(FlightSqlProducer.Schemas.GET_CATALOGS_SCHEMA, listener, (root, ignored) -> {
                VarCharVector name = (VarCharVector) root.getVector(0);
                name.setSafe(0, "system".getBytes(StandardCharsets.UTF_8));
                name.setSafe(1, "proteus".getBytes(StandardCharsets.UTF_8));
                root.setRowCount(2);
            });
        }

        @Override
        public FlightInfo getFlightInfoSchemas(FlightSql.CommandGetDbSchemas request, CallContext context,
                FlightDescriptor descriptor) {
            return metadataInfo(FlightSqlProducer.Schemas.GET_SCHEMAS_SCHEMA, descriptor);
        }

        @Override
        public void getStreamSchemas(FlightSql.CommandGetDbSchemas command, CallContext context,
                ServerStreamListener listener) {
            String catalog = command.hasCatalog() ? command.getCatalog() : null;
            Pattern schemaPattern = command.hasDbSchemaFilterPattern()
                    ? ProteusDatabaseMetaData.likePattern(command.getDbSchemaFilterPattern()) : null;
            sendOne(FlightSqlProducer.Schemas.GET_SCHEMAS_SCHEMA, listener, (root, ignored) -> {
                int row = 0;
                Map<String, String> schemas = new HashMap<>();
                for (String[] table : tables) {
                    schemas.put(table[0] + "." + table[1], table[0]);
                }
                for (Map.Entry<String, String> entry : schemas.entrySet()) {
                    String schema = entry.getKey().substring(entry.getValue().length() + 1);
                    if ((catalog == null || catalog.equals(entry.getValue()))
                            && (schemaPattern == null || schemaPattern.matcher(schema).matches())) {
                        ((VarCharVector) root.getVector(0)).setSafe(row, entry.getValue().getBytes());
                        ((VarCharVector) root.getVector(1)).setSafe(row, schema.getBytes());
                        row++;
                    }
                }
                root.setRowCount(row);
            });
        }

        @Override
        public FlightInfo getFlightInfoTables(FlightSql.CommandGetTables request, CallContext context,
                FlightDescriptor descriptor) {
            return metadataInfo(request.getIncludeSchema() ? FlightSqlProducer.Schemas.GET_TABLES_SCHEMA
                    : FlightSqlProducer.Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, descriptor);
        }

        @Override
        public void getStreamTables(FlightSql.CommandGetTables command, CallContext context,
                ServerStreamListener listener) {
            String catalog = command.hasCatalog() ? command.getCatalog() : null;
            Pattern schemaPattern = command.hasDbSchemaFilterPattern()
                    ? ProteusDatabaseMetaData.likePattern(command.getDbSchemaFilterPattern()) : null;
            Pattern tablePattern = command.hasTableNameFilterPattern()
                    ? ProteusDatabaseMetaData.likePattern(command.getTableNameFilterPattern()) : null;
            List<String> types = command.getTableTypesList();
            Schema schema = command.getIncludeSchema() ? FlightSqlProducer.Schemas.GET_TABLES_SCHEMA
                    : FlightSqlProducer.Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
            sendOne(schema, listener, (root, ignored) -> {
                int row = 0;
                for (String[] table : tables) {
                    if ((catalog != null && !catalog.equals(table[0]))
                            || (schemaPattern != null && !schemaPattern.matcher(table[1]).matches())
                            || (tablePattern != null && !tablePattern.matcher(table[2]).matches())
                            || (!types.isEmpty() && !types.contains(table[3]))) {
                        continue;
                    }
                    for (int column = 0; column < 4; column++) {
                        ((VarCharVector) root.getVector(column)).setSafe(row, table[column].getBytes());
                    }
                    if (command.getIncludeSchema()) {
                        ((VarBinaryVector) root.getVector(4)).setSafe(row, tableSchema(table[2]).serializeAsMessage());
                    }
                    row++;
                }
                root.setRowCount(row);
            });
        }

        @Override
        public FlightInfo getFlightInfoTableTypes(FlightSql.CommandGetTableTypes request, CallContext context,
                FlightDescriptor descriptor) {
            return metadataInfo(FlightSqlProducer.Schemas.GET_TABLE_TYPES_SCHEMA, descriptor);
        }

        @Override
        public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
            sendOne(FlightSqlProducer.Schemas.GET_TABLE_TYPES_SCHEMA, listener, (root, ignored) -> {
                ((VarCharVector) root.getVector(0)).setSafe(0, "VIEW".getBytes());
                ((VarCharVector) root.getVector(0)).setSafe(1, "TABLE".getBytes());
                root.setRowCount(2);
            });
        }
    }

    private static void waitForCancellation(java.util.function.BooleanSupplier cancelled, CountDownLatch latch) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!cancelled.getAsBoolean() && System.nanoTime() < deadline) {
            sleep(5);
        }
        if (cancelled.getAsBoolean()) {
            latch.countDown();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records the headers of every call and sets a session cookie on calls that do not carry one. */
    private static final class RecordingMiddleware implements FlightServerMiddleware {
        private final boolean setCookie;

        private RecordingMiddleware(boolean setCookie) {
            this.setCookie = setCookie;
        }

        static final class Factory implements FlightServerMiddleware.Factory<RecordingMiddleware> {
            private final List<RecordedCall> calls;

            Factory(List<RecordedCall> calls) {
                this.calls = calls;
            }

            @Override
            public RecordingMiddleware onCallStarted(CallInfo info, CallHeaders incomingHeaders,
                    RequestContext context) {
                Map<String, String> headers = new HashMap<>();
                for (String key : incomingHeaders.keys()) {
                    if (!key.endsWith("-bin")) {
                        headers.put(key.toLowerCase(Locale.ROOT), incomingHeaders.get(key));
                    }
                }
                calls.add(new RecordedCall(info.method(), headers));
                return new RecordingMiddleware(!headers.containsKey("cookie"));
            }
        }

        @Override
        public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
            if (setCookie) {
                outgoingHeaders.insert("set-cookie", "proteus_session=session-1");
            }
        }

        @Override
        public void onCallCompleted(CallStatus status) {}

        @Override
        public void onCallErrored(Throwable error) {}
    }
}
