/**
 * Benchmarks that print figures: the dataflow against the reference trainer and against
 * Deeplearning4j's backprop on the same network, data and batch size, measured in one run.
 */
package io.photonflow.jobs.bench;
