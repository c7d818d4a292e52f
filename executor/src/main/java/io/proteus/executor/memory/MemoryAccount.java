package io.proteus.executor.memory;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;

/**
 * Charges Java-heap memory an operator retains (hash tables, accumulators, sort permutations) to an Arrow allocator,
 * so that the task's memory limit and peak statistics cover it as well as Arrow buffers. It reserves bytes through an
 * {@link AllocationReservation}, which only does accounting; reservations grow geometrically and are released on close.
 */
public final class MemoryAccount implements AutoCloseable {

    private final BufferAllocator allocator;
    private AllocationReservation reservation;
    private long reserved;

    public MemoryAccount(BufferAllocator allocator) {
        this.allocator = requireNonNull(allocator, "allocator");
    }

    /**
     * Declares that the operator now retains {@code bytes} of heap memory in total.
     *
     * @throws OutOfMemoryException if the allocator (or an ancestor) cannot grant the memory
     */
    public void update(long bytes) {
        if (bytes <= reserved) {
            return;
        }
        if (reservation == null) {
            reservation = allocator.newReservation();
        }
        long wanted = Math.max(bytes - reserved, Math.max(reserved, 64 * 1024));
        if (!reservation.add(wanted)) {
            throw new OutOfMemoryException("cannot reserve " + wanted + " bytes of heap memory in allocator "
                    + allocator.getName() + " (limit " + allocator.getLimit() + ")");
        }
        reserved = reservation.getSizeLong();
    }

    /** Bytes currently charged to the allocator. */
    public long reservedBytes() {
        return reserved;
    }

    @Override
    public void close() {
        if (reservation != null) {
            reservation.close();
            reservation = null;
            reserved = 0;
        }
    }
}
