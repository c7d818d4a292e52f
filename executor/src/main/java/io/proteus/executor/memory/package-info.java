/** Accounting of operator heap state against the task's Arrow allocator (and thus its memory limit). */
package io.proteus.executor.memory;
