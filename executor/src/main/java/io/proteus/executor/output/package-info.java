/** Partitioning of a task's output rows into the worker's output sink. */
package io.proteus.executor.output;
