package io.proteus.executor.plan;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * The rows of its partition a window function reads for each row: from {@code start} to {@code end}, both inclusive,
 * counted in rows ({@link Unit#ROWS}) or by the value of the single order key ({@link Unit#RANGE}, where CURRENT ROW
 * means the row's peers, the rows with equal order keys). A frame whose start comes after its end is empty.
 */
public record WindowFrame(Unit unit, Bound start, Bound end) {

    /** The SQL default with an ORDER BY: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW. */
    public static final WindowFrame DEFAULT = new WindowFrame(Unit.RANGE, Bound.unboundedPreceding(), Bound.currentRow());

    /** The whole partition. */
    public static final WindowFrame PARTITION = new WindowFrame(Unit.ROWS, Bound.unboundedPreceding(), Bound.unboundedFollowing());

    public WindowFrame {
        requireNonNull(unit, "unit");
        requireNonNull(start, "start");
        requireNonNull(end, "end");
        if (start.kind() == BoundKind.UNBOUNDED_FOLLOWING) {
            throw new IllegalArgumentException("a frame cannot start at UNBOUNDED FOLLOWING");
        }
        if (end.kind() == BoundKind.UNBOUNDED_PRECEDING) {
            throw new IllegalArgumentException("a frame cannot end at UNBOUNDED PRECEDING");
        }
    }

    /** Whether the frame is counted in rows or by the order key's value. */
    public enum Unit {
        ROWS,
        RANGE
    }

    /** The kind of a frame bound. */
    public enum BoundKind {
        UNBOUNDED_PRECEDING,
        PRECEDING,
        CURRENT_ROW,
        FOLLOWING,
        UNBOUNDED_FOLLOWING
    }

    /**
     * One end of a frame. {@code offset} is set for PRECEDING and FOLLOWING only: a non-negative whole number of rows
     * for ROWS, a non-negative distance in the order key's unit (days for dates) for RANGE.
     */
    public record Bound(BoundKind kind, BigDecimal offset) {

        public Bound {
            requireNonNull(kind, "kind");
            boolean needsOffset = kind == BoundKind.PRECEDING || kind == BoundKind.FOLLOWING;
            if (needsOffset != (offset != null)) {
                throw new IllegalArgumentException(kind + (needsOffset ? " needs an offset" : " takes no offset"));
            }
            if (offset != null && offset.signum() < 0) {
                throw new IllegalArgumentException("negative frame offset " + offset);
            }
        }

        public static Bound unboundedPreceding() {
            return new Bound(BoundKind.UNBOUNDED_PRECEDING, null);
        }

        public static Bound preceding(long offset) {
            return new Bound(BoundKind.PRECEDING, BigDecimal.valueOf(offset));
        }

        public static Bound currentRow() {
            return new Bound(BoundKind.CURRENT_ROW, null);
        }

        public static Bound following(long offset) {
            return new Bound(BoundKind.FOLLOWING, BigDecimal.valueOf(offset));
        }

        public static Bound unboundedFollowing() {
            return new Bound(BoundKind.UNBOUNDED_FOLLOWING, null);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case PRECEDING, FOLLOWING -> offset.toPlainString() + " " + kind;
                default -> kind.name().replace('_', ' ');
            };
        }
    }

    @Override
    public String toString() {
        return unit + " BETWEEN " + start + " AND " + end;
    }
}
