package io.proteus.tpcds;

import static java.util.Objects.requireNonNull;

import io.trino.tpcds.Scaling;
import io.trino.tpcds.Table;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One of the 24 TPC-DS base tables: its name and the Arrow schema its data is stored with.
 *
 * <p>Columns follow the reference DDL: {@code integer} is a signed 32-bit integer, {@code decimal(p,s)} a 128-bit
 * decimal, {@code date} a day-resolution date and {@code varchar(n)}/{@code char(n)} UTF-8 text whose declared length
 * is kept in the field metadata key {@link TpcdsCatalog#VARCHAR_LENGTH_METADATA_KEY}. Columns declared {@code not null}
 * are non-nullable fields.
 *
 * @param name the lower-case table name, such as {@code "store_sales"}
 * @param arrowSchema the columns of the table, in DDL order
 */
public record TpcdsTable(String name, Schema arrowSchema) {

    public TpcdsTable {
        requireNonNull(name, "name");
        requireNonNull(arrowSchema, "arrowSchema");
    }

    /**
     * Returns the number of rows the TPC-DS generator produces for this table at a scale factor. Exact for all
     * tables except the sales and returns tables, whose generator counts orders rather than rows: for those the
     * count is the number of orders times the average number of line items per order (and, for returns, times the
     * share of returned line items), which is within a fraction of a percent of the real count.
     *
     * @param scaleFactor the scale factor, such as {@code 1.0} for the {@code sf1} schema
     */
    public long estimatedRowCount(double scaleFactor) {
        long generatorRows = new Scaling(scaleFactor).getRowCount(generatorTable());
        return Math.round(generatorRows * rowsPerGeneratorRow());
    }

    /**
     * The columns of the table's primary key, as the TPC-DS specification declares them: the surrogate key of a
     * dimension table (its first column), the item and ticket or order number of a sales or returns line, and the
     * date, item and warehouse of an inventory row.
     */
    public List<String> primaryKey() {
        return switch (name) {
            case "store_sales" -> List.of("ss_item_sk", "ss_ticket_number");
            case "store_returns" -> List.of("sr_item_sk", "sr_ticket_number");
            case "catalog_sales" -> List.of("cs_item_sk", "cs_order_number");
            case "catalog_returns" -> List.of("cr_item_sk", "cr_order_number");
            case "web_sales" -> List.of("ws_item_sk", "ws_order_number");
            case "web_returns" -> List.of("wr_item_sk", "wr_order_number");
            case "inventory" -> List.of("inv_date_sk", "inv_item_sk", "inv_warehouse_sk");
            default -> List.of(arrowSchema.getFields().getFirst().getName());
        };
    }

    /** The generator's description of this table. */
    Table generatorTable() {
        return Table.getTable(name);
    }

    /**
     * Average output rows per generator row. Sales generators emit one order per generator row with a uniformly
     * random number of line items (store and web sales 8 to 16, catalog sales 4 to 14); returns generators emit a
     * return for 10 percent of those line items.
     */
    private double rowsPerGeneratorRow() {
        return switch (name) {
            case "store_sales", "web_sales" -> 12.0;
            case "catalog_sales" -> 9.0;
            case "store_returns", "web_returns" -> 1.2;
            case "catalog_returns" -> 0.9;
            default -> 1.0;
        };
    }
}
