package io.proteus.jdbc;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Owns the driver's single, process-wide Arrow {@link RootAllocator} and hands out one child allocator per
 * connection.
 *
 * <p>The root allocator is created on first use (after {@link ArrowModuleAccess#ensureOpen()}, since creating it
 * initializes Arrow's memory module) and lives as long as the driver's class loader. Each connection gets a child
 * named {@code proteus-jdbc-connection-N}; everything a connection allocates (result batches, parameters, metadata
 * tables) comes from that child, which is closed with the connection, so a leak shows up as an error on close.
 */
final class DriverAllocator {
    private static final AtomicLong CONNECTION_COUNTER = new AtomicLong();

    private static volatile BufferAllocator root;

    private DriverAllocator() {}

    /** Returns the process-wide root allocator, creating it on first use. */
    static BufferAllocator root() throws SQLException {
        BufferAllocator allocator = root;
        if (allocator == null) {
            synchronized (DriverAllocator.class) {
                allocator = root;
                if (allocator == null) {
                    ArrowModuleAccess.ensureOpen();
                    allocator = new RootAllocator(Long.MAX_VALUE);
                    root = allocator;
                }
            }
        }
        return allocator;
    }

    /** Creates the child allocator of a new connection. */
    static BufferAllocator newConnectionAllocator() throws SQLException {
        return root().newChildAllocator(
                "proteus-jdbc-connection-" + CONNECTION_COUNTER.incrementAndGet(), 0, Long.MAX_VALUE);
    }
}
