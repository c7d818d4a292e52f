/** Stable multi-key sorting of row indexes, and the sort and top-N operators built on it. */
package io.proteus.executor.operator.sort;
