package io.proteus.server.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proteus.executor.plan.ValuesNode;
import io.proteus.executor.task.BufferId;
import io.proteus.executor.task.BufferSplit;
import io.proteus.executor.task.FileSplit;
import io.proteus.executor.task.InputSplit;
import io.proteus.executor.task.OutputPartitioning;
import io.proteus.executor.task.TaskCodec;
import io.proteus.executor.task.TaskDescriptor;
import io.proteus.executor.task.TaskResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a worker finds the files of a task: under its own data directory, or written from the task itself. */
class TableFileResolverTest {

    @TempDir
    Path dataDirectory;

    @Test
    void dataRelativeFilesResolveUnderTheWorkersDataDirectoryAndInlineFilesAreWrittenOnce() throws Exception {
        Path partition = dataDirectory.resolve("tpcds/sf1/item/part-00000.arrow");
        Files.createDirectories(partition.getParent());
        Files.writeString(partition, "arrow");
        byte[] snapshot = "snapshot".getBytes(StandardCharsets.UTF_8);
        BufferSplit exchange = new BufferSplit("w1", "127.0.0.1:1", new BufferId("q", 0, 0, 0));
        AtomicReference<TaskDescriptor> seen = new AtomicReference<>();
        try (TableFileResolver resolver = new TableFileResolver((task, workerId, allocator, reader, sink, cancelled) -> {
            seen.set(task);
            return null;
        }, dataDirectory, () -> {
            throw new AssertionError("nothing to generate");
        }, () -> {
            throw new AssertionError("nothing to generate");
        })) {
            FileSplit absolute = new FileSplit("/elsewhere/table.arrow", 3);
            TaskDescriptor task = task(Map.of(0, List.of(new FileSplit("tpcds/sf1/item/part-00000.arrow", 10), absolute),
                    1, List.of(FileSplit.inline("system.runtime.nodes", 2, snapshot)), 2, List.of(exchange)));
            // Over the wire, the inline bytes travel inside the task's JSON.
            TaskDescriptor received = TaskCodec.decode(TaskCodec.encode(task), TaskDescriptor.class);
            TaskResult result = resolver.run(received, "w1", null, null, null, () -> false);
            assertThat(result).isNull();
            Map<Integer, List<InputSplit>> inputs = seen.get().inputs();
            assertThat(inputs.get(0)).containsExactly(new FileSplit(partition.toString(), 10), absolute);
            FileSplit written = (FileSplit) inputs.get(1).getFirst();
            assertThat(written.content()).isNull();
            assertThat(Files.readAllBytes(Path.of(written.path()))).isEqualTo(snapshot);
            assertThat(inputs.get(2)).containsExactly(exchange);
            // The same snapshot again is the same file.
            assertThat(resolver.resolve(task, "w1").inputs().get(1)).isEqualTo(inputs.get(1));
        }
    }

    @Test
    void aMissingFileThatCannotBeGeneratedFailsWithWhereItWasLookedFor() {
        try (TableFileResolver resolver = new TableFileResolver((task, workerId, allocator, reader, sink, cancelled) -> null,
                dataDirectory, () -> null, () -> null)) {
            assertThatThrownBy(() -> resolver.resolve(task(Map.of(0, List.of(new FileSplit("custom/table.arrow", 1)))), "w1"))
                    .hasMessageContaining("custom/table.arrow")
                    .hasMessageContaining(dataDirectory.toAbsolutePath().normalize().toString())
                    .hasMessageContaining("docs/deploy.md");
            assertThatThrownBy(() -> resolver.resolve(task(Map.of(0, List.of(new FileSplit("../outside.arrow", 1)))), "w1"))
                    .hasMessageContaining("outside the data directory");
        }
    }

    private static TaskDescriptor task(Map<Integer, List<InputSplit>> inputs) {
        return new TaskDescriptor("q", 1, 0, 0, new ValuesNode(List.of(), List.of()), inputs, OutputPartitioning.single(), 0);
    }
}
