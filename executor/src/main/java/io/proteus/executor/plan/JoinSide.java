package io.proteus.executor.plan;

/** Which input of a hash join is loaded into the hash table. */
public enum JoinSide {
    LEFT,
    RIGHT
}
