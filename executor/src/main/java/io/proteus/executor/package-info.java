/**
 * The executor's entry point, {@link io.proteus.executor.TaskRunner}, which runs one task's plan fragment on a worker,
 * the pipeline builder, and the exceptions a task fails with.
 */
package io.proteus.executor;
