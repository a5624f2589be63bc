/**
 * The numerics of training, in plain ND4J with no Flink anywhere: layers, activations, the loss,
 * the DFA and BP learning signals, optimizers, projections and the single-threaded reference
 * trainer. Flink operators wrap these classes and must not do arithmetic of their own, so that a
 * dataflow and the reference trainer perform exactly the same operations in the same order.
 */
package io.photonflow.math;
