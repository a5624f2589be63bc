/**
 * What a training run is made of, as plain immutable values: the network, the training rule, the
 * feedback projection, the optimizer, the schedule and the seeds. Job configuration files bind to
 * these records; operators receive them (never the whole configuration).
 */
package io.photonflow.model;
