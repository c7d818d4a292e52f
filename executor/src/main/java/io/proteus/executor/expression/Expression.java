package io.proteus.executor.expression;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.proteus.executor.type.DataType;

/**
 * A scalar expression over the columns of one batch, as shipped from the coordinator to the workers. Workers compile it
 * into vectorised kernels; it is never interpreted row by row.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "expression")
@JsonSubTypes({
    @JsonSubTypes.Type(value = InputReference.class, name = "input"),
    @JsonSubTypes.Type(value = Literal.class, name = "literal"),
    @JsonSubTypes.Type(value = Call.class, name = "call")
})
public sealed interface Expression permits InputReference, Literal, Call {

    /** The type of the values this expression produces. */
    DataType type();
}
