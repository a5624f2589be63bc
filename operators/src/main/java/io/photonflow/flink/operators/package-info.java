/**
 * The Flink operators of the training dataflow. Each one wraps a piece of {@link
 * io.photonflow.math}: they move records, keep state and report metrics, and leave every number to
 * the math.
 */
package io.photonflow.flink.operators;
