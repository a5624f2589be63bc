/**
 * Projection devices for DFA: the fixed random map from the output error to the learning signals of
 * all hidden layers, e [B_1 ... B_{L-1}]. Dense Gaussian (digital DFA) here; the simulated photonic
 * co-processor and implicit structured projections implement the same interface.
 */
package io.photonflow.math.projection;
