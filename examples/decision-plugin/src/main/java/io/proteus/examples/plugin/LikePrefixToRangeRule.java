package io.proteus.examples.plugin;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * An example planner rule: a filter {@code column LIKE 'prefix%'} (a literal pattern whose only wildcard is one
 * trailing {@code %}, without ESCAPE) becomes the range {@code column >= 'prefix' AND column < 'prefiy'}, the prefix
 * with its last character incremented. Both forms are NULL for a NULL column and true for the same strings (code point
 * order, which is the order of the UTF-8 bytes Proteus compares), and a range is cheaper to test than a pattern.
 */
public final class LikePrefixToRangeRule extends RelRule<LikePrefixToRangeRule.Config> {

    private LikePrefixToRangeRule(Config config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalFilter filter = call.rel(0);
        RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
        RexNode rewritten = filter.getCondition().accept(new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall like) {
                RexNode visited = super.visitCall(like);
                if (!(visited instanceof RexCall call) || call.getKind() != SqlKind.LIKE || call.getOperands().size() != 2
                        || call.getOperator() != SqlStdOperatorTable.LIKE) {
                    return visited;
                }
                if (!(call.getOperands().get(0) instanceof RexInputRef column)
                        || !(call.getOperands().get(1) instanceof RexLiteral literal)) {
                    return visited;
                }
                String prefix = prefixOf(literal.getValueAs(String.class));
                if (prefix == null) {
                    return visited;
                }
                String upper = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
                return rexBuilder.makeCall(SqlStdOperatorTable.AND,
                        rexBuilder.makeCall(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, column, rexBuilder.makeLiteral(prefix)),
                        rexBuilder.makeCall(SqlStdOperatorTable.LESS_THAN, column, rexBuilder.makeLiteral(upper)));
            }
        });
        if (!rewritten.equals(filter.getCondition())) {
            call.transformTo(filter.copy(filter.getTraitSet(), filter.getInput(), RexUtil.flatten(rexBuilder, rewritten)));
        }
    }

    /**
     * The prefix of a pattern that is a plain prefix followed by one {@code %}, or null. The last character must leave
     * room for an increment outside the surrogate range, so that the upper bound is a valid string.
     */
    static String prefixOf(String pattern) {
        if (pattern == null || pattern.length() < 2 || !pattern.endsWith("%")) {
            return null;
        }
        String prefix = pattern.substring(0, pattern.length() - 1);
        if (prefix.indexOf('%') >= 0 || prefix.indexOf('_') >= 0 || prefix.indexOf('\\') >= 0) {
            return null;
        }
        char last = prefix.charAt(prefix.length() - 1);
        if (Character.isSurrogate(last) || Character.isSurrogate((char) (last + 1)) || last == Character.MAX_VALUE) {
            return null;
        }
        return prefix;
    }

    /** The rule's configuration, a plain record (no annotation processor needed to build a plugin). */
    public record Config(RelBuilderFactory relBuilderFactory, String description, OperandTransform operandSupplier)
            implements RelRule.Config {

        public static final Config DEFAULT = new Config(RelFactories.LOGICAL_BUILDER, "LikePrefixToRangeRule",
                operand -> operand.operand(LogicalFilter.class)
                        .predicate(filter -> RexUtil.find(SqlKind.LIKE).inFilter(filter))
                        .anyInputs());

        @Override
        public Config withRelBuilderFactory(RelBuilderFactory factory) {
            return new Config(factory, description, operandSupplier);
        }

        @Override
        public Config withDescription(String newDescription) {
            return new Config(relBuilderFactory, newDescription, operandSupplier);
        }

        @Override
        public Config withOperandSupplier(OperandTransform transform) {
            return new Config(relBuilderFactory, description, transform);
        }

        @Override
        public LikePrefixToRangeRule toRule() {
            return new LikePrefixToRangeRule(this);
        }
    }
}
