package io.proteus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts a {@link TestFlightSqlServer} for each test and checks afterwards that neither the driver (its process-wide
 * root allocator, which must have no connection allocator left) nor the server holds any Arrow memory.
 */
abstract class ServerTestBase {
    TestFlightSqlServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = TestFlightSqlServer.start();
    }

    @AfterEach
    void checkMemoryAndStopServer() throws Exception {
        try {
            BufferAllocator root = DriverAllocator.root();
            assertThat(root.getChildAllocators()).as("connection allocators left open").isEmpty();
            assertThat(root.getAllocatedMemory()).as("driver allocated memory").isZero();
        } finally {
            // Asserts that the server's allocator is empty before closing it.
            server.close();
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(server.url());
    }

    Connection connect(String urlSuffix, Properties properties) throws SQLException {
        return DriverManager.getConnection(server.url() + urlSuffix, properties);
    }

    /** The allocator of an open connection. */
    static BufferAllocator allocatorOf(Connection connection) throws SQLException {
        return connection.unwrap(ProteusConnection.class).session().allocator();
    }
}
