package io.proteus.executor.task;

import static java.util.Objects.requireNonNull;

/** Names one output partition of one task of one stage of a query, as kept in a worker's buffer store. */
public record BufferId(String queryId, int stageId, int taskIndex, int partition) {

    public BufferId {
        requireNonNull(queryId, "queryId");
    }

    /** The text form used in Flight tickets: {@code queryId/stage/task/partition}. */
    public String toTicketText() {
        return queryId + "/" + stageId + "/" + taskIndex + "/" + partition;
    }

    public static BufferId fromTicketText(String text) {
        String[] parts = text.split("/");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a buffer ticket: " + text);
        }
        return new BufferId(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
    }
}
