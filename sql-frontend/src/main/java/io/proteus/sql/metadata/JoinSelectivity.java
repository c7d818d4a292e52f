package io.proteus.sql.metadata;

import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Join selectivity from unique keys, the classic primary-key/foreign-key estimate: an equality {@code a = b} where
 * {@code b} comes unchanged from a unique key of a table with {@code n} rows keeps {@code 1/n} of the cross product, so a
 * fact table joined to a filtered dimension keeps the dimension's filtered share. Equalities between columns that are
 * keys of neither side, and all other predicates, keep Calcite's guesses. Calcite's default guesses every equality at
 * 0.15, which makes a join of two large dimensions on a low-cardinality column look as cheap as a key join; the join
 * orderer needs the difference.
 */
public final class JoinSelectivity implements MetadataHandler<BuiltInMetadata.Selectivity> {

    /** Calcite's default metadata with this handler's selectivity for joins in front. */
    public static final RelMetadataProvider PROVIDER = ChainedRelMetadataProvider.of(List.of(
            ReflectiveRelMetadataProvider.reflectiveSource(new JoinSelectivity(), BuiltInMetadata.Selectivity.Handler.class),
            DefaultRelMetadataProvider.INSTANCE));

    /** The compiled form of {@link #PROVIDER}, shared by every query (compiling it is expensive). */
    public static final JaninoRelMetadataProvider COMPILED = JaninoRelMetadataProvider.of(PROVIDER);

    private JoinSelectivity() {
    }

    @Override
    public MetadataDef<BuiltInMetadata.Selectivity> getDef() {
        return BuiltInMetadata.Selectivity.DEF;
    }

    /** The share of the cross product of the join's inputs for which {@code predicate} holds. */
    public @Nullable Double getSelectivity(Join join, RelMetadataQuery metadata, @Nullable RexNode predicate) {
        if (predicate == null || predicate.isAlwaysTrue()) {
            return 1.0;
        }
        int leftWidth = join.getLeft().getRowType().getFieldCount();
        double selectivity = 1.0;
        for (RexNode conjunct : RelOptUtil.conjunctions(predicate)) {
            Double keyDomain = conjunct.getKind() == SqlKind.EQUALS ? equalityKeyDomain(join, metadata, (RexCall) conjunct, leftWidth) : null;
            selectivity *= keyDomain != null ? 1.0 / Math.max(1.0, keyDomain) : RelMdUtil.guessSelectivity(conjunct);
        }
        return selectivity;
    }

    /**
     * For {@code left.a = right.b}: the row count of the table whose unique key one of the columns is, the larger when
     * both are; null when neither is a key column (or the equality is not between the two inputs).
     */
    private static @Nullable Double equalityKeyDomain(Join join, RelMetadataQuery metadata, RexCall equality, int leftWidth) {
        if (!(equality.getOperands().get(0) instanceof RexInputRef first)
                || !(equality.getOperands().get(1) instanceof RexInputRef second)) {
            return null;
        }
        boolean firstLeft = first.getIndex() < leftWidth;
        boolean secondLeft = second.getIndex() < leftWidth;
        if (firstLeft == secondLeft) {
            return null;
        }
        Double firstDomain = keyTableRows(metadata, join, first.getIndex());
        Double secondDomain = keyTableRows(metadata, join, second.getIndex());
        if (firstDomain == null) {
            return secondDomain;
        }
        return secondDomain == null ? firstDomain : Math.max(firstDomain, secondDomain);
    }

    /**
     * The row count of the table the column comes from unchanged, when it is a unique key of that table. The origin is
     * looked up in the join's input: seen from the join itself, a column of the null-generating side of an outer join
     * counts as derived, yet the join's own NULLs do not change how its condition matches.
     */
    private static @Nullable Double keyTableRows(RelMetadataQuery metadata, Join join, int column) {
        int leftWidth = join.getLeft().getRowType().getFieldCount();
        RelColumnOrigin origin = column < leftWidth
                ? metadata.getColumnOrigin(join.getLeft(), column)
                : metadata.getColumnOrigin(join.getRight(), column - leftWidth);
        if (origin == null || origin.isDerived()) {
            return null;
        }
        RelOptTable table = origin.getOriginTable();
        if (!table.isKey(ImmutableBitSet.of(origin.getOriginColumnOrdinal()))) {
            return null;
        }
        return table.getRowCount();
    }
}
