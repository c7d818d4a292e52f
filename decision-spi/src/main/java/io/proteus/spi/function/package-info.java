/**
 * The background function SPI: general serverless functions over bytes that plugins provide beside SQL, invoked alone
 * or in chains at background priority over the coordinator's HTTP API (see docs/background-functions.md).
 */
package io.proteus.spi.function;
