/** The training dataflow: assembled from a job configuration, configured, and run. */
package io.photonflow.jobs.training;
