/**
 * Jobs on a running Flink cluster, driven over its REST API: submit, follow, stop with a savepoint,
 * and why a job waits.
 */
package io.photonflow.jobs.cluster;
