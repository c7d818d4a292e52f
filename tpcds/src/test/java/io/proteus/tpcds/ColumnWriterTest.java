package io.proteus.tpcds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ColumnWriterTest {

    private BufferAllocator allocator;

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void closeAllocator() {
        assertThat(allocator.getAllocatedMemory()).as("leaked Arrow memory").isZero();
        allocator.close();
    }

    @Test
    void decimalsKeepTheirExactValue() {
        Map<String, String> expected = Map.of(
                "2.80", "2.80",
                "-779.73", "-779.73",
                "0.00", "0.00",
                "12.3", "12.30",
                "5", "5.00",
                "+7.5", "7.50",
                "1.005", "1.01",
                "1E+2", "100.00",
                "99999.99", "99999.99");
        try (DecimalVector vector = new DecimalVector("d", FieldType.nullable(new ArrowType.Decimal(7, 2, 128)), allocator)) {
            ColumnWriter writer = ColumnWriter.forVector(vector);
            int index = 0;
            for (Map.Entry<String, String> entry : expected.entrySet()) {
                writer.write(index, entry.getKey());
                vector.setValueCount(index + 1);
                assertThat(vector.getObject(index)).as(entry.getKey()).isEqualTo(new BigDecimal(entry.getValue()));
                index++;
            }
            writer.write(index, null);
            vector.setValueCount(index + 1);
            assertThat(vector.isNull(index)).isTrue();
            assertThatThrownBy(() -> writer.write(0, "")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> writer.write(0, "abc")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> writer.write(0, "123456789.00")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void integersDatesAndText() {
        try (IntVector integers = new IntVector("i", FieldType.notNullable(new ArrowType.Int(32, true)), allocator);
                DateDayVector dates = new DateDayVector("d", FieldType.nullable(new ArrowType.Date(DateUnit.DAY)), allocator);
                VarCharVector texts = new VarCharVector("t", FieldType.nullable(ArrowType.Utf8.INSTANCE), allocator)) {
            ColumnWriter integerWriter = ColumnWriter.forVector(integers);
            integerWriter.write(0, "2451813");
            integerWriter.write(1, "-12");
            integerWriter.write(2, "2147483647");
            integers.setValueCount(3);
            assertThat(integers.get(0)).isEqualTo(2_451_813);
            assertThat(integers.get(1)).isEqualTo(-12);
            assertThat(integers.get(2)).isEqualTo(Integer.MAX_VALUE);
            assertThatThrownBy(() -> integerWriter.write(0, null)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> integerWriter.write(0, "2147483648")).isInstanceOf(IllegalStateException.class);

            ColumnWriter dateWriter = ColumnWriter.forVector(dates);
            dateWriter.write(0, "1900-01-02");
            dateWriter.write(1, null);
            dateWriter.write(2, "2003-12-31");
            dates.setValueCount(3);
            assertThat(dates.get(0)).isEqualTo((int) LocalDate.of(1900, 1, 2).toEpochDay());
            assertThat(dates.isNull(1)).isTrue();
            assertThat(dates.get(2)).isEqualTo((int) LocalDate.of(2003, 12, 31).toEpochDay());

            ColumnWriter textWriter = ColumnWriter.forVector(texts);
            textWriter.write(0, "Rodney");
            textWriter.write(1, "");
            textWriter.write(2, null);
            textWriter.write(3, "Zürich");
            texts.setValueCount(4);
            assertThat(texts.getObject(0).toString()).isEqualTo("Rodney");
            assertThat(texts.getObject(1).toString()).isEmpty();
            assertThat(texts.isNull(2)).isTrue();
            assertThat(texts.getObject(3).toString()).isEqualTo("Zürich");
        }
    }
}
