package io.proteus.dataplane.sharedmemory;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow IPC file (the file format, with its footer) mapped into memory and read without copying: the buffers of
 * the record batches it returns point into the mapping. Written into {@code /dev/shm} by one worker process
 * ({@link SharedMemoryArrowFiles#write}), such a file is memory that another process on the host maps and reads in
 * place, where a Flight {@code DoGet} would serialize, send and copy every byte.
 *
 * <p>Memory: the mapping is one foreign allocation of the allocator given to {@link #open}, so it counts against that
 * allocator's limit. This object holds one reference on it and every batch from {@link #batch} holds its own; the file
 * is unmapped when the last of them is closed, so batches may outlive this object. Only the small flatbuffer metadata
 * of each batch is read onto the heap.
 */
public final class MappedArrowFile implements AutoCloseable {

    private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    /** The magic, padded to 8 bytes, at the start; the footer length (int32) and the magic at the end. */
    private static final int HEADER_BYTES = 8;
    private static final int TRAILER_BYTES = Integer.BYTES + 6;

    private final Path file;
    private final ArrowBuf mapping;
    private final MemorySegment segment;
    private final Schema schema;
    private final List<ArrowBlock> blocks;
    private boolean closed;

    private MappedArrowFile(Path file, ArrowBuf mapping, MemorySegment segment, Schema schema, List<ArrowBlock> blocks) {
        this.file = requireNonNull(file, "file");
        this.mapping = requireNonNull(mapping, "mapping");
        this.segment = requireNonNull(segment, "segment");
        this.schema = requireNonNull(schema, "schema");
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Maps {@code file} read-only and reads its footer.
     *
     * @throws IOException if the file cannot be mapped or is not a complete Arrow IPC file
     */
    public static MappedArrowFile open(Path file, BufferAllocator allocator) throws IOException {
        requireNonNull(file, "file");
        requireNonNull(allocator, "allocator");
        Arena arena = Arena.ofShared();
        MemorySegment segment;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // The mapping stays valid after the channel is closed, until the arena is.
            segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
        // Ownership of the mapping moves to the allocator's foreign allocation: the arena is closed (the file unmapped)
        // when the last ArrowBuf over it is released, not before.
        ArrowBuf mapping;
        try {
            mapping = allocator.wrapForeignAllocation(new MappedSegment(segment, arena));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        try {
            ArrowFooter footer = readFooter(file, segment);
            return new MappedArrowFile(file, mapping, segment, footer.getSchema(), footer.getRecordBatches());
        } catch (IOException | RuntimeException e) {
            mapping.close();
            throw e;
        }
    }

    private static ArrowFooter readFooter(Path file, MemorySegment segment) throws IOException {
        long size = segment.byteSize();
        if (size < HEADER_BYTES + TRAILER_BYTES
                || !Arrays.equals(bytes(segment, 0, MAGIC.length), MAGIC)
                || !Arrays.equals(bytes(segment, size - MAGIC.length, MAGIC.length), MAGIC)) {
            throw new IOException(file + " is not a complete Arrow IPC file (its magic bytes are missing)");
        }
        int footerLength = segment.asSlice(size - TRAILER_BYTES, Integer.BYTES).asByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN).getInt();
        long footerStart = size - TRAILER_BYTES - footerLength;
        if (footerLength <= 0 || footerStart < HEADER_BYTES) {
            throw new IOException(file + " is not a complete Arrow IPC file (footer length " + footerLength + ")");
        }
        ByteBuffer footerBytes = segment.asSlice(footerStart, footerLength).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ArrowFooter footer = new ArrowFooter(Footer.getRootAsFooter(footerBytes));
        for (ArrowBlock block : footer.getRecordBatches()) {
            if (block.getOffset() < HEADER_BYTES || block.getMetadataLength() <= 0 || block.getBodyLength() < 0
                    || block.getOffset() + block.getMetadataLength() + block.getBodyLength() > footerStart) {
                throw new IOException(file + " is not a complete Arrow IPC file (a record batch lies outside it)");
            }
        }
        if (!footer.getDictionaries().isEmpty()) {
            throw new IOException(file + " has dictionary batches, which shared-memory exchange does not read");
        }
        return footer;
    }

    private static byte[] bytes(MemorySegment segment, long offset, int length) {
        byte[] bytes = new byte[length];
        segment.asSlice(offset, length).asByteBuffer().get(bytes);
        return bytes;
    }

    /** The file this was mapped from. */
    public Path file() {
        return file;
    }

    public Schema schema() {
        return schema;
    }

    public int batchCount() {
        return blocks.size();
    }

    /** The size of the mapping in bytes. */
    public long mappedBytes() {
        return segment.byteSize();
    }

    /**
     * Returns record batch {@code index}, its buffers slices of the mapping (no data is copied). The caller owns the
     * batch and closes it; it stays valid after this file is closed.
     */
    public ArrowRecordBatch batch(int index) throws IOException {
        if (closed) {
            throw new IllegalStateException("the mapped file " + file + " is closed");
        }
        ArrowBlock block = blocks.get(index);
        ByteBuffer metadata = segment.asSlice(block.getOffset(), block.getMetadataLength()).asByteBuffer();
        MessageMetadataResult message = MessageSerializer.readMessage(new ReadChannel(new ByteBufferChannel(metadata)));
        if (message == null) {
            throw new IOException(file + ": record batch " + index + " has no message");
        }
        // The slice shares the mapping's reference count. The batch retains each of its buffers, so it keeps the
        // mapping alive by itself; deserializeRecordBatch then releases one reference of the body, as if it owned a
        // body read for it, so the body is given one of its own first. It fails only before that release.
        ArrowBuf body = mapping.slice(block.getOffset() + block.getMetadataLength(), block.getBodyLength());
        body.getReferenceManager().retain();
        try {
            return MessageSerializer.deserializeRecordBatch(message, body);
        } catch (IOException | RuntimeException e) {
            body.getReferenceManager().release();
            throw e;
        }
    }

    /** Releases this object's reference on the mapping; batches still open keep it mapped. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            mapping.close();
        }
    }

    /** A mapped file as Arrow foreign memory: unmapped (its arena closed) when Arrow releases the last reference. */
    private static final class MappedSegment extends ForeignAllocation {

        private final Arena arena;

        MappedSegment(MemorySegment segment, Arena arena) {
            super(segment.byteSize(), segment.address());
            this.arena = arena;
        }

        @Override
        protected void release0() {
            arena.close();
        }
    }

    /** Reads a byte buffer as a channel, for Arrow's message reader. */
    private static final class ByteBufferChannel implements ReadableByteChannel {

        private final ByteBuffer source;
        private boolean open = true;

        ByteBufferChannel(ByteBuffer source) {
            this.source = source;
        }

        @Override
        public int read(ByteBuffer target) {
            if (!source.hasRemaining()) {
                return -1;
            }
            int length = Math.min(target.remaining(), source.remaining());
            target.put(source.slice(source.position(), length));
            source.position(source.position() + length);
            return length;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
