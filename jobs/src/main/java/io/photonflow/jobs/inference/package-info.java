/**
 * Using a trained model: its snapshot file read and checked, the data it runs on (examples or a
 * graph's nodes), predictions and evaluations written as files and tables, and the summaries of the
 * files a run writes.
 */
package io.photonflow.jobs.inference;
