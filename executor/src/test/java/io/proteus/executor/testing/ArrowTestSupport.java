package io.proteus.executor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base class of tests that use Arrow memory: each test gets a fresh {@link RootAllocator}; after the test the allocator
 * must hold zero bytes (any leaked buffer fails the test) and is closed.
 */
public abstract class ArrowTestSupport {

    protected BufferAllocator allocator;

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator(Long.MAX_VALUE);
    }

    @AfterEach
    void checkNoLeaks() {
        try {
            assertThat(allocator.getAllocatedMemory())
                    .as("Arrow memory still allocated after the test:%n%s", allocator.toVerboseString())
                    .isZero();
        } finally {
            allocator.close();
        }
    }
}
