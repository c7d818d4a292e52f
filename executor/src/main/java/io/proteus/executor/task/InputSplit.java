package io.proteus.executor.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One unit of input of a task: a table partition file or an output partition kept in some worker's buffer store. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "split")
@JsonSubTypes({
    @JsonSubTypes.Type(value = FileSplit.class, name = "file"),
    @JsonSubTypes.Type(value = BufferSplit.class, name = "buffer")
})
public sealed interface InputSplit permits FileSplit, BufferSplit {
}
