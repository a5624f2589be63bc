/** The {@code photonflow} command line: {@code train} and {@code benchmark}. */
package io.photonflow.jobs.cli;
