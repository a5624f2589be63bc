/**
 * The records on the dataflow's internal edges. They carry {@link
 * io.photonflow.flink.types.FloatMatrix} tensors and plain values only, so Flink serializes them
 * with its POJO serializer (schema evolution included) and never falls back to Kryo.
 */
package io.photonflow.flink.records;
