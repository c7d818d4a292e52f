package io.proteus.executor.scan;

import java.io.EOFException;
import java.lang.foreign.MemorySegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One table partition in the Arrow IPC file format, read with column pruning: for each record batch only the buffers
 * of the requested columns are touched. The file is memory-mapped (mappings are shared process-wide, see
 * {@link MappedFiles}) and column buffers are wrapped as Arrow buffers without copying: table files are immutable and
 * operators never write into their input vectors. If the file cannot be mapped, the buffers are read with one
 * positioned read each. Files with compressed bodies or nested columns fall back to {@link ArrowFileReader}, which
 * reads whole batches.
 */
final class TableFile implements AutoCloseable {

    private static final int CONTINUATION = 0xFFFFFFFF;

    private final Path path;
    private final FileChannel channel;
    private final ArrowFileReader reader;
    private final Schema schema;
    private final List<ArrowBlock> blocks;
    private final int[] firstBuffer;
    private final int[] bufferCount;
    private final boolean flat;
    private final MemorySegment mapping;
    private final long mappedAddress;

    TableFile(Path path, BufferAllocator allocator) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            this.reader = new ArrowFileReader(channel, allocator);
            this.schema = reader.getVectorSchemaRoot().getSchema();
            this.blocks = reader.getRecordBlocks();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        MemorySegment mapped;
        try {
            mapped = MappedFiles.map(path, channel);
        } catch (IOException | UnsupportedOperationException e) {
            // Not mappable: buffers are read with positioned reads instead.
            mapped = null;
        }
        this.mapping = mapped;
        this.mappedAddress = mapped == null ? 0 : mapped.address();
        List<Field> fields = schema.getFields();
        firstBuffer = new int[fields.size()];
        bufferCount = new int[fields.size()];
        boolean allFlat = true;
        int buffer = 0;
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            allFlat &= field.getChildren().isEmpty();
            firstBuffer[i] = buffer;
            bufferCount[i] = TypeLayout.getTypeBufferCount(field.getType());
            buffer += bufferCount[i];
        }
        this.flat = allFlat;
    }

    Schema schema() {
        return schema;
    }

    int blockCount() {
        return blocks.size();
    }

    /**
     * Reads record batch {@code block}, loading only the fields {@code columns} (indexes into the file schema) into new
     * vectors owned by {@code allocator}. The caller owns the returned batch.
     */
    VectorSchemaRoot read(int block, int[] columns, BufferAllocator allocator) throws IOException {
        ArrowBlock location = blocks.get(block);
        ByteBuffer metadata = ByteBuffer.allocate(location.getMetadataLength());
        if (mapping != null) {
            metadata.put(mapping.asSlice(location.getOffset(), location.getMetadataLength()).asByteBuffer());
        } else {
            readFully(metadata, location.getOffset());
        }
        metadata.flip();
        int prefix = metadata.getInt(0) == CONTINUATION ? 8 : 4;
        metadata.position(prefix);
        Message message = Message.getRootAsMessage(metadata.slice());
        RecordBatch batch = (RecordBatch) message.header(new RecordBatch());
        if (!flat || batch == null || batch.compression() != null || batch.nodesLength() != schema.getFields().size()) {
            return readWhole(location, columns);
        }
        int rows = Math.toIntExact(batch.length());
        long bodyStart = location.getOffset() + location.getMetadataLength();
        List<FieldVector> vectors = new ArrayList<>(columns.length);
        List<Field> fields = new ArrayList<>(columns.length);
        try {
            for (int column : columns) {
                Field field = schema.getFields().get(column);
                org.apache.arrow.flatbuf.FieldNode node = batch.nodes(column);
                List<ArrowBuf> buffers = new ArrayList<>(bufferCount[column]);
                try {
                    for (int b = 0; b < bufferCount[column]; b++) {
                        org.apache.arrow.flatbuf.Buffer bufferLocation = batch.buffers(firstBuffer[column] + b);
                        buffers.add(buffer(allocator, bodyStart + bufferLocation.offset(), bufferLocation.length()));
                    }
                    FieldVector vector = field.createVector(allocator);
                    vectors.add(vector);
                    fields.add(field);
                    vector.loadFieldBuffers(new ArrowFieldNode(node.length(), node.nullCount()), buffers);
                } finally {
                    // loadFieldBuffers retained what it kept.
                    buffers.forEach(ArrowBuf::close);
                }
            }
            return new VectorSchemaRoot(fields, vectors, rows);
        } catch (IOException | RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    /** A buffer with {@code length} bytes of the file at {@code position}: a slice of the mapping, or a copy. */
    private ArrowBuf buffer(BufferAllocator allocator, long position, long length) throws IOException {
        if (length == 0) {
            return allocator.getEmpty();
        }
        if (mapping != null) {
            MappedSlice slice = new MappedSlice(length, mappedAddress + position, mapping);
            try {
                ArrowBuf buffer = allocator.wrapForeignAllocation(slice);
                buffer.writerIndex(length);
                return buffer;
            } catch (RuntimeException e) {
                slice.release0();
                throw e;
            }
        }
        ArrowBuf buffer = allocator.buffer(length);
        try {
            readFully(buffer.nioBuffer(0, Math.toIntExact(length)), position);
        } catch (IOException | RuntimeException e) {
            buffer.close();
            throw e;
        }
        buffer.writerIndex(length);
        return buffer;
    }

    /**
     * A range of the mapped file handed to Arrow. It holds the mapping so that the mapping outlives every buffer
     * (it would otherwise be unmapped by the garbage collector once dropped from the cache).
     */
    private static final class MappedSlice extends ForeignAllocation {

        @SuppressWarnings("unused")
        private MemorySegment mapping;

        MappedSlice(long size, long address, MemorySegment mapping) {
            super(size, address);
            this.mapping = mapping;
        }

        @Override
        protected void release0() {
            mapping = null;
        }
    }

    /** The fallback: reads the whole batch with the Arrow reader and moves the requested columns out. */
    private VectorSchemaRoot readWhole(ArrowBlock location, int[] columns) throws IOException {
        if (!reader.loadRecordBatch(location)) {
            throw new IOException("cannot read a record batch of " + path);
        }
        VectorSchemaRoot source = reader.getVectorSchemaRoot();
        List<FieldVector> vectors = new ArrayList<>(columns.length);
        List<Field> fields = new ArrayList<>(columns.length);
        for (int column : columns) {
            FieldVector vector = source.getVector(column);
            FieldVector target = vector.getField().createVector(vector.getAllocator());
            vector.makeTransferPair(target).transfer();
            target.setValueCount(source.getRowCount());
            vectors.add(target);
            fields.add(target.getField());
        }
        return new VectorSchemaRoot(fields, vectors, source.getRowCount());
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long offset = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, offset);
            if (read < 0) {
                throw new EOFException("unexpected end of " + path);
            }
            offset += read;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            channel.close();
        }
    }
}
