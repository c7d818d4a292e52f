package io.proteus.server.synthetic;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table of the {@code synthetic} catalog, named by its size: {@code mb_100} holds 100 MB of column data,
 * {@code mb_2_5} 2.5 MB ({@value #ROW_BYTES} bytes per row, 32,768 rows per MB). Its columns are all non-null
 * {@code BIGINT}s: {@code id} (unique, 0 to rows - 1, the primary key), {@code join_key} (drawn from the schema's
 * {@link KeyDistribution} over {@code [0, rows)}), {@code quantity} (1 to 100) and {@code amount_cents} (0 to 99,999).
 * Joining {@code big.join_key = small.id} is a foreign key join whose matches depend on the distribution.
 *
 * @param name the table name, such as {@code mb_2_5}
 * @param rows the number of rows
 */
public record SyntheticTable(String name, long rows) {

    /** Bytes of column data per row: four 8-byte integers. */
    public static final int ROW_BYTES = 32;

    /** The column names, in order. */
    public static final List<String> COLUMNS = List.of("id", "join_key", "quantity", "amount_cents");

    private static final long BYTES_PER_MEGABYTE = 1L << 20;
    private static final Pattern NAME = Pattern.compile("mb_(\\d{1,6})(?:_(\\d{1,3}))?");
    private static final Schema ARROW_SCHEMA = new Schema(COLUMNS.stream()
            .map(column -> new Field(column, FieldType.notNullable(new ArrowType.Int(64, true)), null))
            .toList());

    public SyntheticTable {
        requireNonNull(name, "name");
        if (rows < 1) {
            throw new IllegalArgumentException("A synthetic table needs at least one row: " + name);
        }
    }

    /**
     * The table of a name such as {@code mb_25} or {@code mb_2_5} (case-insensitive).
     *
     * @throws IllegalArgumentException if the name is not of that form or names an empty table
     */
    public static SyntheticTable parse(String name) {
        requireNonNull(name, "name");
        Matcher matcher = NAME.matcher(name.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Synthetic tables are named by their size in MB, such as mb_100 or mb_2_5, not "
                    + name);
        }
        String megabytes = matcher.group(1) + (matcher.group(2) == null ? "" : "." + matcher.group(2));
        return ofMegabytes(new BigDecimal(megabytes));
    }

    /** The table of a size in megabytes (2^20 bytes), rounded to three decimals. */
    public static SyntheticTable ofMegabytes(double megabytes) {
        return ofMegabytes(BigDecimal.valueOf(megabytes));
    }

    private static SyntheticTable ofMegabytes(BigDecimal megabytes) {
        BigDecimal rounded = megabytes.setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        if (rounded.signum() <= 0) {
            throw new IllegalArgumentException("A synthetic table must hold more than 0 MB: " + megabytes);
        }
        long rows = rounded.multiply(BigDecimal.valueOf(BYTES_PER_MEGABYTE / ROW_BYTES))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
        String name = "mb_" + rounded.toPlainString().replace('.', '_');
        return new SyntheticTable(name, Math.max(1, rows));
    }

    /** The size of the column data in megabytes. */
    public double megabytes() {
        return (double) rows * ROW_BYTES / BYTES_PER_MEGABYTE;
    }

    /** The size of the column data in bytes. */
    public long bytes() {
        return rows * ROW_BYTES;
    }

    /** The Arrow schema of every synthetic table. */
    public static Schema arrowSchema() {
        return ARROW_SCHEMA;
    }
}
