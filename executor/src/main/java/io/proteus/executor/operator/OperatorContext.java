package io.proteus.executor.operator;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.BufferAllocator;

/**
 * What one operator receives: the task it belongs to and its own allocator (a named child of the task allocator), from
 * which it allocates its state and the batches it returns.
 */
public record OperatorContext(TaskContext task, BufferAllocator allocator) {

    public OperatorContext {
        requireNonNull(task, "task");
        requireNonNull(allocator, "allocator");
    }
}
