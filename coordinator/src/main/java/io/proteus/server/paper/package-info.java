/**
 * {@code bin/proteus bench paper}: the experiments of "Making Serverless Computing Extensible: A Case Study of
 * Serverless Data Analytics" scaled to one machine ({@link io.proteus.server.paper.PaperBenchmark}), their CSV files
 * and summary ({@link io.proteus.server.paper.PaperReport}) and plots ({@link io.proteus.server.paper.PaperCharts}).
 */
package io.proteus.server.paper;
