package io.proteus.executor.expression.kernel;

import io.proteus.executor.DataException;
import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.expression.EvaluationContext;
import io.proteus.executor.expression.Literal;
import io.proteus.executor.type.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A literal: a column filled with the value once (and again only when batches grow), so that kernels treat constants
 * like any other operand without a per-batch cost.
 */
public final class ConstantKernel extends Kernel {

    private final boolean isNull;
    private final boolean booleanValue;
    private final long longValue;
    private final double doubleValue;
    private final BigInteger decimalValue;
    private final byte[] bytes;
    private Column column;
    private int filled;

    public ConstantKernel(Literal literal) {
        super(literal.type());
        String text = literal.value();
        isNull = text == null || literal.type().kind() == io.proteus.executor.type.TypeKind.NULL;
        boolean b = false;
        long l = 0;
        double d = 0;
        BigInteger decimal = BigInteger.ZERO;
        byte[] utf8 = new byte[0];
        if (!isNull) {
            try {
                switch (type.kind()) {
                    case BOOLEAN -> b = Boolean.parseBoolean(text.trim());
                    case INTEGER -> l = Integer.parseInt(text.trim());
                    case BIGINT -> l = Long.parseLong(text.trim());
                    case DOUBLE -> d = Double.parseDouble(text.trim());
                    case DECIMAL -> {
                        decimal = new BigDecimal(text.trim()).setScale(type.scale(), RoundingMode.HALF_UP).unscaledValue();
                        if (io.proteus.executor.column.Decimals.fitsLong(decimal)) {
                            l = decimal.longValue();
                        }
                    }
                    case DATE -> l = LocalDate.parse(text.trim()).toEpochDay();
                    case VARCHAR -> utf8 = text.getBytes(StandardCharsets.UTF_8);
                    case NULL -> {
                    }
                }
            } catch (RuntimeException e) {
                throw new DataException("invalid " + type.kind() + " literal '" + text + "'", e);
            }
        }
        booleanValue = b;
        longValue = l;
        doubleValue = d;
        decimalValue = decimal;
        bytes = utf8;
    }

    public boolean isNullValue() {
        return isNull;
    }

    public boolean booleanValue() {
        return booleanValue;
    }

    /** The value of an INTEGER, BIGINT or DATE (days) literal, or the unscaled value of a DECIMAL that fits a long. */
    public long longValue() {
        return longValue;
    }

    public double doubleValue() {
        return doubleValue;
    }

    public BigInteger decimalValue() {
        return decimalValue;
    }

    /** The UTF-8 bytes of a VARCHAR literal. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean isConstant() {
        return true;
    }

    @Override
    public boolean isSimple() {
        return true;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        int rows = Math.max(context.rowCount(), 1);
        if (column == null) {
            column = Column.create(type);
        }
        if (rows > filled) {
            column.ensureCapacity(rows);
            fill(column.capacity());
            filled = column.capacity();
        }
        return column;
    }

    private void fill(int rows) {
        if (isNull) {
            Arrays.fill(column.prepareNulls(), 0, rows, true);
        } else {
            column.setNoNulls();
        }
        switch (column) {
            case BooleanColumn booleans -> Arrays.fill(booleans.values(), 0, rows, booleanValue);
            case IntColumn ints -> Arrays.fill(ints.values(), 0, rows, (int) longValue);
            case LongColumn longs -> Arrays.fill(longs.values(), 0, rows, longValue);
            case DoubleColumn doubles -> Arrays.fill(doubles.values(), 0, rows, doubleValue);
            case DecimalColumn decimals -> {
                decimals.clearWide();
                for (int i = 0; i < rows; i++) {
                    decimals.setBig(i, decimalValue);
                }
            }
            case VarcharColumn strings -> {
                strings.resetData();
                strings.append(0, bytes, 0, bytes.length);
                for (int i = 1; i < rows; i++) {
                    strings.setRange(i, 0, bytes.length);
                }
            }
        }
    }
}
