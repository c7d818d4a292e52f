/** Hash tables on primitive arrays mapping keys to dense group ids, shared by aggregation and hash joins. */
package io.proteus.executor.operator.hash;
