/**
 * Job configuration: YAML files over built-in defaults, {@code key=value} overrides from the
 * command line, binding to typed records, and validation with a message per invalid value.
 */
package io.photonflow.jobs.config;
