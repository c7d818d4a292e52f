package io.proteus.server.execution;

import io.proteus.executor.task.FileSplit;
import java.util.List;

/** Where the rows of one leaf of a fragment come from, which decides how they are split among the fragment's tasks. */
sealed interface SourceBinding {

    /** Table partitions, dealt out among the tasks. */
    record Scan(List<FileSplit> splits) implements SourceBinding {
        public Scan {
            splits = List.copyOf(splits);
        }
    }

    /** Hash partitions of an upstream stage; task i reads partitions p with p mod tasks = i from every producer. */
    record Partitioned(StageOutput stage) implements SourceBinding {
    }

    /**
     * The outputs of several upstream stages (the inputs of a UNION ALL): every producer's partitions are dealt out
     * round-robin among the tasks, each read by exactly one task.
     */
    record Spread(List<StageOutput> stages) implements SourceBinding {
        public Spread {
            stages = List.copyOf(stages);
        }
    }

    /** Every partition of an upstream stage, read by every task. */
    record Broadcast(StageOutput stage) implements SourceBinding {
    }
}
