package io.proteus.planner.metadata;

import static java.util.Objects.requireNonNull;

import io.proteus.planner.rel.WorkflowTableScan;
import io.proteus.sql.metadata.JoinSelectivity;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Metadata of {@link WorkflowTableScan}, which reads a subset of its table's columns: an output column's origin, column
 * uniqueness and unique keys are those of the table column it reads. Calcite's own handlers for table scans assume the
 * scan outputs every column of the table in order; for a narrowed scan they give no origin at all (and so the join
 * selectivity from unique keys, {@link JoinSelectivity}, falls back to guesses that multiply up to absurd row counts
 * over a chain of joins) or the wrong column's uniqueness.
 */
public final class WorkflowScanMetadata {

    /** These handlers, in front of {@link JoinSelectivity#PROVIDER} (Calcite's defaults with join selectivity). */
    public static final RelMetadataProvider PROVIDER = ChainedRelMetadataProvider.of(List.of(
            ReflectiveRelMetadataProvider.reflectiveSource(new ColumnOrigins(), BuiltInMetadata.ColumnOrigin.Handler.class),
            ReflectiveRelMetadataProvider.reflectiveSource(new ColumnUniqueness(), BuiltInMetadata.ColumnUniqueness.Handler.class),
            ReflectiveRelMetadataProvider.reflectiveSource(new UniqueKeys(), BuiltInMetadata.UniqueKeys.Handler.class),
            JoinSelectivity.PROVIDER));

    /** The compiled form of {@link #PROVIDER}, shared by every query (compiling it is expensive). */
    public static final JaninoRelMetadataProvider COMPILED = JaninoRelMetadataProvider.of(PROVIDER);

    private WorkflowScanMetadata() {
    }

    /** Makes the cluster's metadata queries use {@link #PROVIDER}. */
    public static void install(RelOptCluster cluster) {
        requireNonNull(cluster, "cluster");
        cluster.setMetadataProvider(PROVIDER);
        cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(COMPILED));
        cluster.invalidateMetadataQuery();
    }

    /** The table column a scan's output column reads. */
    private static int tableColumn(WorkflowTableScan scan, int outputColumn) {
        return scan.columns().get(outputColumn);
    }

    /** Origins: the table column each output column reads. */
    public static final class ColumnOrigins implements MetadataHandler<BuiltInMetadata.ColumnOrigin> {

        @Override
        public MetadataDef<BuiltInMetadata.ColumnOrigin> getDef() {
            return BuiltInMetadata.ColumnOrigin.DEF;
        }

        /** The origin of one output column of the scan. */
        public @Nullable Set<RelColumnOrigin> getColumnOrigins(WorkflowTableScan scan, RelMetadataQuery metadata,
                int outputColumn) {
            if (outputColumn < 0 || outputColumn >= scan.columns().size()) {
                return null;
            }
            Set<RelColumnOrigin> origins = new HashSet<>();
            origins.add(new RelColumnOrigin(scan.getTable(), tableColumn(scan, outputColumn), false));
            return origins;
        }
    }

    /** Uniqueness: output columns are unique when the table columns they read are. */
    public static final class ColumnUniqueness implements MetadataHandler<BuiltInMetadata.ColumnUniqueness> {

        @Override
        public MetadataDef<BuiltInMetadata.ColumnUniqueness> getDef() {
            return BuiltInMetadata.ColumnUniqueness.DEF;
        }

        /** Whether the given output columns of the scan form a unique key of its table. */
        public @Nullable Boolean areColumnsUnique(WorkflowTableScan scan, RelMetadataQuery metadata, ImmutableBitSet columns,
                boolean ignoreNulls) {
            ImmutableBitSet.Builder tableColumns = ImmutableBitSet.builder();
            for (int column : columns) {
                if (column >= scan.columns().size()) {
                    return null;
                }
                tableColumns.set(tableColumn(scan, column));
            }
            return scan.getTable().isKey(tableColumns.build());
        }
    }

    /** Unique keys: the table's keys whose columns the scan reads, as output columns. */
    public static final class UniqueKeys implements MetadataHandler<BuiltInMetadata.UniqueKeys> {

        @Override
        public MetadataDef<BuiltInMetadata.UniqueKeys> getDef() {
            return BuiltInMetadata.UniqueKeys.DEF;
        }

        /** The table's unique keys that the scan reads completely, in output column numbers. */
        public @Nullable Set<ImmutableBitSet> getUniqueKeys(WorkflowTableScan scan, RelMetadataQuery metadata,
                boolean ignoreNulls) {
            RelOptTable table = scan.getTable();
            List<ImmutableBitSet> keys = table.getKeys();
            if (keys == null) {
                return null;
            }
            Set<ImmutableBitSet> result = new HashSet<>();
            for (ImmutableBitSet key : keys) {
                ImmutableBitSet.Builder outputKey = ImmutableBitSet.builder();
                boolean complete = true;
                for (int tableColumn : key) {
                    int output = scan.columns().indexOf(tableColumn);
                    if (output < 0) {
                        complete = false;
                        break;
                    }
                    outputKey.set(output);
                }
                if (complete) {
                    result.add(outputKey.build());
                }
            }
            return result;
        }
    }
}
