package io.proteus.executor.vector;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/**
 * Copies rows between Arrow vectors of the same type with type-specialised loops over their buffers: gathers (rows
 * listed in an index array, {@code -1} producing NULL) as used by filters, joins and sorts, and contiguous appends as
 * used when materialising inputs. The target grows as needed; callers finish it with
 * {@link Vectors#setValueCount(FieldVector, int)}.
 */
public final class VectorCopy {

    /** Values up to this many bytes are copied as two 64-bit words. */
    private static final int SHORT_VALUE_BYTES = 16;

    private VectorCopy() {
    }

    /**
     * Copies rows {@code rows[0..count-1]} of {@code source} ({@code -1}: NULL) to rows {@code targetStart..} of
     * {@code target}.
     */
    public static void gather(FieldVector source, int[] rows, int count, FieldVector target, int targetStart) {
        gather(source, rows, 0, count, target, targetStart);
    }

    /**
     * Copies rows {@code rows[rowsOffset..rowsOffset+count-1]} of {@code source} ({@code -1}: NULL) to rows
     * {@code targetStart..} of {@code target}.
     */
    public static void gather(FieldVector source, int[] rows, int rowsOffset, int count, FieldVector target,
            int targetStart) {
        if (count == 0) {
            Vectors.ensureCapacity(target, targetStart + 1);
            return;
        }
        Vectors.ensureCapacity(target, targetStart + count);
        switch (source) {
            case NullVector ignored -> {
            }
            case BitVector bits -> gatherBits(bits, rows, rowsOffset, count, (BitVector) target, targetStart);
            case BaseVariableWidthVector variable ->
                    gatherVariable(variable, rows, rowsOffset, count, (BaseVariableWidthVector) target, targetStart);
            case BaseFixedWidthVector fixed -> gatherFixed(fixed, rows, rowsOffset, count, (BaseFixedWidthVector) target, targetStart);
            default -> throw new IllegalArgumentException("unsupported vector " + source.getClass().getSimpleName());
        }
    }

    /** Copies rows {@code sourceStart..sourceStart+count-1} of {@code source} to rows {@code targetStart..} of {@code target}. */
    public static void copyRange(FieldVector source, int sourceStart, int count, FieldVector target, int targetStart) {
        if (count == 0) {
            Vectors.ensureCapacity(target, targetStart + 1);
            return;
        }
        Vectors.ensureCapacity(target, targetStart + count);
        switch (source) {
            case NullVector ignored -> {
            }
            case BitVector bits -> {
                ArrowBuf sourceData = bits.getDataBuffer();
                ArrowBuf targetData = target.getDataBuffer();
                for (int i = 0; i < count; i++) {
                    Vectors.setValid(targetData, targetStart + i, Vectors.isValid(sourceData, sourceStart + i));
                }
                copyValidityRange(source, sourceStart, count, target, targetStart);
            }
            case BaseVariableWidthVector variable -> {
                BaseVariableWidthVector variableTarget = (BaseVariableWidthVector) target;
                ArrowBuf sourceOffsets = variable.getOffsetBuffer();
                ArrowBuf targetOffsets = variableTarget.getOffsetBuffer();
                int first = sourceOffsets.getInt((long) sourceStart * 4);
                int last = sourceOffsets.getInt((long) (sourceStart + count) * 4);
                int targetBase = targetStart == 0 ? 0 : targetOffsets.getInt((long) targetStart * 4);
                Vectors.ensureDataCapacity(variableTarget, (long) targetBase + (last - first));
                targetOffsets = variableTarget.getOffsetBuffer();
                if (last > first) {
                    variableTarget.getDataBuffer().setBytes(targetBase, variable.getDataBuffer(), first, last - first);
                }
                int delta = targetBase - first;
                targetOffsets.setInt((long) targetStart * 4, targetBase);
                for (int i = 1; i <= count; i++) {
                    targetOffsets.setInt((long) (targetStart + i) * 4, sourceOffsets.getInt((long) (sourceStart + i) * 4) + delta);
                }
                copyValidityRange(source, sourceStart, count, target, targetStart);
            }
            case BaseFixedWidthVector fixed -> {
                int width = fixed.getTypeWidth();
                target.getDataBuffer().setBytes((long) targetStart * width, fixed.getDataBuffer(), (long) sourceStart * width,
                        (long) count * width);
                copyValidityRange(source, sourceStart, count, target, targetStart);
            }
            default -> throw new IllegalArgumentException("unsupported vector " + source.getClass().getSimpleName());
        }
    }

    private static void copyValidityRange(FieldVector source, int sourceStart, int count, FieldVector target, int targetStart) {
        ArrowBuf targetValidity = target.getValidityBuffer();
        if (source.getNullCount() == 0) {
            Vectors.setValidRange(targetValidity, targetStart, count);
            return;
        }
        ArrowBuf sourceValidity = source.getValidityBuffer();
        if ((sourceStart & 7) == 0 && (targetStart & 7) == 0) {
            int fullBytes = count >>> 3;
            targetValidity.setBytes(targetStart >>> 3, sourceValidity, sourceStart >>> 3, fullBytes);
            for (int i = fullBytes << 3; i < count; i++) {
                Vectors.setValid(targetValidity, targetStart + i, Vectors.isValid(sourceValidity, sourceStart + i));
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            Vectors.setValid(targetValidity, targetStart + i, Vectors.isValid(sourceValidity, sourceStart + i));
        }
    }

    private static void gatherValidity(FieldVector source, int[] rows, int rowsOffset, int count, FieldVector target,
            int targetStart) {
        ArrowBuf targetValidity = target.getValidityBuffer();
        boolean sourceHasNulls = source.getNullCount() > 0;
        ArrowBuf sourceValidity = source.getValidityBuffer();
        int i = 0;
        // Unaligned head, then whole target bytes, then the tail.
        while (i < count && ((targetStart + i) & 7) != 0) {
            int row = rows[rowsOffset + i];
            Vectors.setValid(targetValidity, targetStart + i, row >= 0 && (!sourceHasNulls || Vectors.isValid(sourceValidity, row)));
            i++;
        }
        if (!sourceHasNulls) {
            // Valid unless the row is -1: the sign bit, inverted.
            while (i + 8 <= count) {
                int bits = 0;
                int base = rowsOffset + i;
                for (int bit = 0; bit < 8; bit++) {
                    bits |= ((~rows[base + bit]) >>> 31) << bit;
                }
                targetValidity.setByte((targetStart + i) >>> 3, bits);
                i += 8;
            }
        }
        while (i + 8 <= count) {
            int bits = 0;
            for (int bit = 0; bit < 8; bit++) {
                int row = rows[rowsOffset + i + bit];
                if (row >= 0 && Vectors.isValid(sourceValidity, row)) {
                    bits |= 1 << bit;
                }
            }
            targetValidity.setByte((targetStart + i) >>> 3, bits);
            i += 8;
        }
        while (i < count) {
            int row = rows[rowsOffset + i];
            Vectors.setValid(targetValidity, targetStart + i, row >= 0 && (!sourceHasNulls || Vectors.isValid(sourceValidity, row)));
            i++;
        }
    }

    private static void gatherFixed(BaseFixedWidthVector source, int[] rows, int rowsOffset, int count,
            BaseFixedWidthVector target, int targetStart) {
        ArrowBuf sourceData = source.getDataBuffer();
        ArrowBuf targetData = target.getDataBuffer();
        switch (source.getTypeWidth()) {
            case 4 -> {
                for (int i = 0; i < count; i++) {
                    int row = rows[rowsOffset + i];
                    if (row >= 0) {
                        targetData.setInt((long) (targetStart + i) * 4, sourceData.getInt((long) row * 4));
                    }
                }
            }
            case 8 -> {
                for (int i = 0; i < count; i++) {
                    int row = rows[rowsOffset + i];
                    if (row >= 0) {
                        targetData.setLong((long) (targetStart + i) * 8, sourceData.getLong((long) row * 8));
                    }
                }
            }
            case 16 -> {
                for (int i = 0; i < count; i++) {
                    int row = rows[rowsOffset + i];
                    if (row >= 0) {
                        long from = (long) row * 16;
                        long to = (long) (targetStart + i) * 16;
                        targetData.setLong(to, sourceData.getLong(from));
                        targetData.setLong(to + 8, sourceData.getLong(from + 8));
                    }
                }
            }
            default -> {
                int width = source.getTypeWidth();
                for (int i = 0; i < count; i++) {
                    int row = rows[rowsOffset + i];
                    if (row >= 0) {
                        targetData.setBytes((long) (targetStart + i) * width, sourceData, (long) row * width, width);
                    }
                }
            }
        }
        gatherValidity(source, rows, rowsOffset, count, target, targetStart);
    }

    private static void gatherBits(BitVector source, int[] rows, int rowsOffset, int count, BitVector target,
            int targetStart) {
        ArrowBuf sourceData = source.getDataBuffer();
        ArrowBuf targetData = target.getDataBuffer();
        for (int i = 0; i < count; i++) {
            int row = rows[rowsOffset + i];
            Vectors.setValid(targetData, targetStart + i, row >= 0 && Vectors.isValid(sourceData, row));
        }
        gatherValidity(source, rows, rowsOffset, count, target, targetStart);
    }

    private static void gatherVariable(BaseVariableWidthVector source, int[] rows, int rowsOffset, int count,
            BaseVariableWidthVector target, int targetStart) {
        ArrowBuf sourceOffsets = source.getOffsetBuffer();
        long total = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[rowsOffset + i];
            if (row >= 0) {
                total += sourceOffsets.getInt((long) (row + 1) * 4) - sourceOffsets.getInt((long) row * 4);
            }
        }
        int position = targetStart == 0 ? 0 : target.getOffsetBuffer().getInt((long) targetStart * 4);
        // Room for the values plus the slack of one short-value copy (two words) past the end.
        Vectors.ensureDataCapacity(target, position + total + SHORT_VALUE_BYTES);
        ArrowBuf targetOffsets = target.getOffsetBuffer();
        ArrowBuf targetData = target.getDataBuffer();
        ArrowBuf sourceData = source.getDataBuffer();
        long sourceCapacity = sourceData.capacity();
        targetOffsets.setInt((long) targetStart * 4, position);
        for (int i = 0; i < count; i++) {
            int row = rows[rowsOffset + i];
            if (row >= 0) {
                int start = sourceOffsets.getInt((long) row * 4);
                int length = sourceOffsets.getInt((long) (row + 1) * 4) - start;
                if (length <= SHORT_VALUE_BYTES && start + (long) SHORT_VALUE_BYTES <= sourceCapacity) {
                    // Short values (most keys and names) move as two words instead of a bulk copy call; the bytes
                    // past the value are overwritten by the next one or lie beyond the last offset.
                    targetData.setLong(position, sourceData.getLong(start));
                    targetData.setLong(position + 8L, sourceData.getLong(start + 8L));
                } else if (length > 0) {
                    targetData.setBytes(position, sourceData, start, length);
                }
                position += length;
            }
            targetOffsets.setInt((long) (targetStart + i + 1) * 4, position);
        }
        gatherValidity(source, rows, rowsOffset, count, target, targetStart);
    }
}
