package io.proteus.executor.expression.kernel;

/** The binary arithmetic operators. */
public enum ArithmeticOperator {
    ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO
}
