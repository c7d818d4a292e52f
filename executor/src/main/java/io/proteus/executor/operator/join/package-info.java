/** Hash, sort-merge and nested-loop joins of every join type, sharing residual evaluation and output building. */
package io.proteus.executor.operator.join;
