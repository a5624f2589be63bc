/** Where the dataflow's results leave Flink: Avro files for metrics, dead letters and models. */
package io.photonflow.flink.sinks;
