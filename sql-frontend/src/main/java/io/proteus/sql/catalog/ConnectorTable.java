package io.proteus.sql.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A connector's table as Calcite sees it: its row type (from the Arrow schema) and its estimated row count for the
 * cost model. Scans of it are planned into workflow scan stages, never executed by Calcite.
 */
public final class ConnectorTable extends AbstractTable {

    private final Connector connector;
    private final String schemaName;
    private final TableMetadata metadata;
    private final Statistic statistic;

    public ConnectorTable(Connector connector, String schemaName, TableMetadata metadata) {
        this.connector = requireNonNull(connector, "connector");
        this.schemaName = requireNonNull(schemaName, "schemaName");
        this.metadata = requireNonNull(metadata, "metadata");
        this.statistic = statistic(metadata);
    }

    public Connector connector() {
        return connector;
    }

    public String catalogName() {
        return connector.catalogName();
    }

    public String schemaName() {
        return schemaName;
    }

    public TableMetadata metadata() {
        return metadata;
    }

    /** The fully qualified name, {@code catalog.schema.table}. */
    public String qualifiedName() {
        return connector.catalogName() + "." + schemaName + "." + metadata.name();
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        for (Field field : metadata.arrowSchema().getFields()) {
            builder.add(field.getName(), typeFactory.createTypeWithNullability(sqlType(typeFactory, field.getType()), field.isNullable()));
        }
        return builder.build();
    }

    /** The row count and unique keys; built once, since the planner's metadata asks for them very often. */
    @Override
    public Statistic getStatistic() {
        return statistic;
    }

    private static Statistic statistic(TableMetadata metadata) {
        List<String> columns = metadata.arrowSchema().getFields().stream().map(Field::getName).toList();
        List<ImmutableBitSet> keys = metadata.uniqueKeys().stream()
                .map(key -> ImmutableBitSet.of(key.stream().mapToInt(columns::indexOf).toArray()))
                .toList();
        return Statistics.of(Math.max(1, metadata.estimatedRowCount()), keys);
    }

    private static RelDataType sqlType(RelDataTypeFactory typeFactory, ArrowType type) {
        return switch (type) {
            case ArrowType.Bool ignored -> typeFactory.createSqlType(SqlTypeName.BOOLEAN);
            case ArrowType.Int integerType when integerType.getBitWidth() == 64 -> typeFactory.createSqlType(SqlTypeName.BIGINT);
            case ArrowType.Int ignored -> typeFactory.createSqlType(SqlTypeName.INTEGER);
            case ArrowType.FloatingPoint ignored -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
            case ArrowType.Decimal decimalType ->
                    typeFactory.createSqlType(SqlTypeName.DECIMAL, decimalType.getPrecision(), decimalType.getScale());
            case ArrowType.Date ignored -> typeFactory.createSqlType(SqlTypeName.DATE);
            case ArrowType.Utf8 ignored -> typeFactory.createSqlType(SqlTypeName.VARCHAR);
            default -> throw new IllegalArgumentException("unsupported column type " + type);
        };
    }
}
