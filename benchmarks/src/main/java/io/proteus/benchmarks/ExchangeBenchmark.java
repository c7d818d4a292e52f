package io.proteus.benchmarks;

import io.proteus.dataplane.BufferSnapshot;
import io.proteus.dataplane.TaskOutputSink;
import io.proteus.dataplane.Worker;
import io.proteus.dataplane.WorkerClient;
import io.proteus.dataplane.WorkerConfig;
import io.proteus.dataplane.sharedmemory.MappedArrowFile;
import io.proteus.dataplane.sharedmemory.SharedMemoryArrowFiles;
import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.task.BatchStream;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.OutputPartitioning;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.type.DataType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How a consumer gets one buffer of a producer's output (batches of a BIGINT and a VARCHAR column), three ways: from
 * another worker with Flight {@code DoGet} over loopback (what remote workers do), from the worker's own buffer store
 * without copying (what co-located functions do), and by mapping an Arrow IPC file that the producer wrote into
 * {@code /dev/shm} (zero-copy between processes on one host). Each operation reads every batch and sums the BIGINT
 * column, so the data is really touched. The score is the time for the whole buffer: divide {@code megabytes} by it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-Xmx2g", "-XX:MaxDirectMemorySize=4g"})
public class ExchangeBenchmark {

    private static final List<DataType> TYPES = List.of(DataType.bigint(false), DataType.varchar(true));
    private static final Schema SCHEMA = new Schema(List.of(TYPES.get(0).toField("id"), TYPES.get(1).toField("label")));
    private static final int ROWS_PER_BATCH = 8192;

    /** The size of the buffer, roughly (the batches' body bytes). */
    @Param({"64"})
    public int megabytes;

    private BufferAllocator root;
    private BufferAllocator consumer;
    private Worker producer;
    private WorkerClient client;
    private BufferId bufferId;
    private Path sharedFile;
    private long expectedSum;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = new RootAllocator();
        consumer = root.newChildAllocator("consumer", 0, Long.MAX_VALUE);
        producer = Worker.start(new WorkerConfig("producer", 0, 1, Long.MAX_VALUE), root,
                (task, workerId, allocator, reader, sink, cancelled) -> {
                    throw new UnsupportedOperationException("the benchmark fills the buffer store itself");
                });
        TaskDescriptor task = new TaskDescriptor("benchmark", 1, 0, 0, new ValuesNode(TYPES, List.of()), Map.of(),
                OutputPartitioning.single(), 64L << 20);
        bufferId = task.outputBuffer(0);
        List<ArrowRecordBatch> batches = new ArrayList<>();
        try (TaskOutputSink sink = producer.bufferStore().sinkFor(task)) {
            sink.open(SCHEMA, 1);
            long bytes = 0;
            long first = 0;
            while (bytes < (long) megabytes << 20) {
                try (VectorSchemaRoot vectors = rows(sink.allocator(), first)) {
                    // Two batches over the same buffers, each with its own references: the store owns the first from
                    // here on, the second is kept to write the shared-memory file.
                    ArrowRecordBatch stored = new VectorUnloader(vectors).getRecordBatch();
                    bytes += stored.computeBodyLength();
                    sink.accept(0, stored);
                    batches.add(new VectorUnloader(vectors).getRecordBatch());
                }
                first += ROWS_PER_BATCH;
            }
            expectedSum = first * (first - 1) / 2;
            sharedFile = SharedMemoryArrowFiles.defaultDirectory().resolve("proteus-benchmark-" + UUID.randomUUID() + ".arrow");
            SharedMemoryArrowFiles.write(sharedFile, SCHEMA, batches, consumer);
        } finally {
            batches.forEach(ArrowRecordBatch::close);
        }
        client = new WorkerClient(producer.address(), consumer);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        producer.close();
        Files.deleteIfExists(sharedFile);
        consumer.close();
        root.close();
    }

    /** A remote consumer: Flight {@code DoGet} from the producing worker over loopback (serialized, copied). */
    @Benchmark
    public long flightDoGetOverLoopback() {
        long sum = 0;
        try (BatchStream stream = client.fetch(bufferId)) {
            stream.start();
            for (VectorSchemaRoot batch = stream.next(consumer); batch != null; batch = stream.next(consumer)) {
                try (VectorSchemaRoot owned = batch) {
                    sum += sum((BigIntVector) owned.getVector(0));
                }
            }
        }
        return check(sum);
    }

    /** A co-located consumer: the producing worker's own buffers, shared without copying. */
    @Benchmark
    public long bufferStoreInProcess() {
        long sum = 0;
        try (BufferSnapshot snapshot = producer.bufferStore().acquire(bufferId).orElseThrow();
                VectorSchemaRoot vectors = VectorSchemaRoot.create(SCHEMA, consumer)) {
            VectorLoader loader = new VectorLoader(vectors);
            for (int index = 0; index < snapshot.batchCount(); index++) {
                loader.load(snapshot.batch(index));
                sum += sum((BigIntVector) vectors.getVector(0));
            }
        }
        return check(sum);
    }

    /** Another process on the host: maps the producer's Arrow IPC file in {@code /dev/shm} and reads it in place. */
    @Benchmark
    public long sharedMemoryMappedFile() throws IOException {
        long sum = 0;
        try (MappedArrowFile file = MappedArrowFile.open(sharedFile, consumer);
                VectorSchemaRoot vectors = VectorSchemaRoot.create(SCHEMA, consumer)) {
            VectorLoader loader = new VectorLoader(vectors);
            for (int index = 0; index < file.batchCount(); index++) {
                try (ArrowRecordBatch batch = file.batch(index)) {
                    loader.load(batch);
                }
                sum += sum((BigIntVector) vectors.getVector(0));
            }
        }
        return check(sum);
    }

    private long check(long sum) {
        if (sum != expectedSum) {
            throw new IllegalStateException("read a sum of " + sum + ", expected " + expectedSum);
        }
        return sum;
    }

    private static long sum(BigIntVector vector) {
        long sum = 0;
        for (int row = 0; row < vector.getValueCount(); row++) {
            sum += vector.get(row);
        }
        return sum;
    }

    private static VectorSchemaRoot rows(BufferAllocator allocator, long first) {
        VectorSchemaRoot vectors = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) vectors.getVector(0);
        VarCharVector label = (VarCharVector) vectors.getVector(1);
        vectors.getFieldVectors().forEach(vector -> vector.setInitialCapacity(ROWS_PER_BATCH));
        vectors.allocateNew();
        for (int row = 0; row < ROWS_PER_BATCH; row++) {
            id.set(row, first + row);
            label.setSafe(row, ("label-" + (first + row)).getBytes(StandardCharsets.UTF_8));
        }
        vectors.setRowCount(ROWS_PER_BATCH);
        return vectors;
    }
}
