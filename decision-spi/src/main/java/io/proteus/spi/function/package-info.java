/**
 * The background function SPI: general serverless functions over bytes ({@link io.proteus.spi.function.BackgroundFunction})
 * or Arrow record batches ({@link io.proteus.spi.function.ArrowBatchFunction}) that plugins provide beside SQL, invoked
 * alone or in chains at background priority over the coordinator's HTTP API (see docs/background-functions.md).
 */
package io.proteus.spi.function;
