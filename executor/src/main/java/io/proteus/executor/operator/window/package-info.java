/**
 * The window operator: partitions, orders and evaluates SQL window functions (ranking, navigation and aggregates over
 * ROWS and RANGE frames) over materialised input, column by column.
 */
package io.proteus.executor.operator.window;
