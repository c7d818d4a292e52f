package io.proteus.tpcds;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads generated Arrow files back in tests, as text in the generator's format. */
final class ArrowFiles {

    private ArrowFiles() {}

    /** What one partition file holds. */
    record FileContents(Schema schema, List<Integer> batchRowCounts) {}

    /** Reads a file's schema and batch sizes, handing every batch to a consumer. */
    static FileContents read(Path file, BufferAllocator allocator, Consumer<VectorSchemaRoot> batches)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<Integer> batchRowCounts = new ArrayList<>();
            for (ArrowBlock block : reader.getRecordBlocks()) {
                reader.loadRecordBatch(block);
                batchRowCounts.add(root.getRowCount());
                batches.accept(root);
            }
            return new FileContents(root.getSchema(), batchRowCounts);
        }
    }

    /** Reads all rows of a table's partitions, in order, as text. */
    static void readRows(TableData table, BufferAllocator allocator, Consumer<List<String>> rows) throws IOException {
        for (TablePartition partition : table.partitions()) {
            read(partition.file(), allocator, root -> {
                for (int row = 0; row < root.getRowCount(); row++) {
                    rows.accept(row(root, row));
                }
            });
        }
    }

    /** Returns one row as text: numbers and dates as the generator prints them, {@code null} for null. */
    static List<String> row(VectorSchemaRoot root, int index) {
        List<String> values = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
            values.add(vector.isNull(index) ? null : text(vector, index));
        }
        return values;
    }

    /** Puts a generator value in the form {@link #row} gives for a column. */
    static String normalize(Field field, String value) {
        if (value != null && field.getType() instanceof ArrowType.Decimal decimal) {
            return new BigDecimal(value).setScale(decimal.getScale(), RoundingMode.HALF_UP).toPlainString();
        }
        return value;
    }

    private static String text(FieldVector vector, int index) {
        return switch (vector) {
            case IntVector integers -> Integer.toString(integers.get(index));
            case DecimalVector decimals -> decimals.getObject(index).toPlainString();
            case DateDayVector dates -> LocalDate.ofEpochDay(dates.get(index)).toString();
            case VarCharVector texts -> new String(texts.get(index), StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("Unexpected vector " + vector);
        };
    }
}
