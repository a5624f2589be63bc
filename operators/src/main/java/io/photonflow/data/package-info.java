/**
 * Training and test data as the system reads it, in plain Java and Avro with no Flink: idx and Avro
 * container files, the in-memory {@link io.photonflow.data.Dataset}, per-example validation with
 * dead letters for what is rejected, and the seeded order of minibatches.
 */
package io.photonflow.data;
