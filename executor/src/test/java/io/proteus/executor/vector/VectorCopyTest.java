package io.proteus.executor.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gathers of strings of every length around the two-word fast path, NULLs, {@code -1} rows and appends. */
class VectorCopyTest {

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void gathersStringsOfAllLengthsWithNullsAndAppends() {
        Random random = new Random(7);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            values.add(i % 23 == 0 ? null : "é".repeat(random.nextInt(3)) + "x".repeat(random.nextInt(40)));
        }
        // The last value ends the source's data: its copy must not read past the buffer.
        values.add("last-value");
        try (VarCharVector source = new VarCharVector("source", allocator);
                VarCharVector target = new VarCharVector("target", allocator)) {
            source.allocateNew();
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null) {
                    source.setNull(i);
                } else {
                    source.setSafe(i, values.get(i).getBytes(StandardCharsets.UTF_8));
                }
            }
            source.setValueCount(values.size());
            target.allocateNew();
            int[] rows = new int[300];
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i % 31 == 5 ? -1 : (i == rows.length - 1 ? values.size() - 1 : random.nextInt(values.size()));
                expected.add(rows[i] < 0 ? null : values.get(rows[i]));
            }
            VectorCopy.gather(source, rows, 200, target, 0);
            VectorCopy.gather(source, rows, 200, 100, target, 200);
            Vectors.setValueCount(target, 300);
            for (int i = 0; i < 300; i++) {
                String value = target.isNull(i) ? null : new String(target.get(i), StandardCharsets.UTF_8);
                assertThat(value).as("row %d", i).isEqualTo(expected.get(i));
            }
        }
    }
}
