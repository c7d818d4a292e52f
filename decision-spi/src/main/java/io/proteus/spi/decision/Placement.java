package io.proteus.spi.decision;

/** Where a decision puts the function instances it asks for. */
public enum Placement {
    /** Fill the workers holding the most input first, using as few workers as possible. */
    PACK,
    /** Spread instances evenly over the workers. */
    ROUND_ROBIN,
    /** Only on the workers the decision names. */
    NAMED
}
