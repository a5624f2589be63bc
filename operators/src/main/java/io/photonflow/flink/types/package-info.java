/**
 * Flink type information and serializers for the tensors that travel between operators and live in
 * their state. Tensors cross the wire as bulk float arrays, never as ND4J arrays.
 */
package io.photonflow.flink.types;
