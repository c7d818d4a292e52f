/** The planner half of the plugin SPI: Calcite rules a plugin adds to the logical optimizer. */
package io.proteus.spi.planner;
