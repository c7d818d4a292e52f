package io.proteus.executor.testing;

import io.proteus.executor.operator.OperatorContext;
import io.proteus.executor.operator.TaskContext;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.task.SplitReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;

/**
 * Base class of operator tests: hands out operator contexts whose allocators are children of the test allocator and
 * closes them after the test (closing fails if an operator leaked), before the leak check of {@link ArrowTestSupport}.
 */
public abstract class OperatorTestSupport extends ArrowTestSupport {

    private final List<BufferAllocator> children = new ArrayList<>();

    protected TaskContext task(Map<Integer, List<InputSplit>> inputs, SplitReader reader) {
        return new TaskContext("test-task", "worker-1", inputs, reader, () -> false);
    }

    /** A context with its own child allocator. */
    protected OperatorContext context() {
        return context(task(Map.of(), null));
    }

    protected OperatorContext context(TaskContext task) {
        BufferAllocator child = allocator.newChildAllocator("operator-" + children.size(), 0, Long.MAX_VALUE);
        children.add(child);
        return new OperatorContext(task, child);
    }

    @AfterEach
    void closeOperatorAllocators() {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).close();
        }
        children.clear();
    }
}
