/**
 * Failures that no restart can fix (bad data, a path that cannot serve, a full disk), raised so
 * that Flink ends the job at once instead of going through its restart strategy.
 */
package io.photonflow.flink.failures;
