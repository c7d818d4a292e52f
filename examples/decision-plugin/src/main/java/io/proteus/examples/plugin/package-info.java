/**
 * An example Proteus plugin: {@link io.proteus.examples.plugin.MergeLargeJoinsNode} (a join decision node) and
 * {@link io.proteus.examples.plugin.LikePrefixToRangeRule} (a Calcite planner rule), registered through
 * {@code META-INF/services}. See docs/plugins.md.
 */
package io.proteus.examples.plugin;
