/**
 * Examples: reading them (idx files, Avro container files), checking them, rejecting the unusable
 * ones as dead letters with a reason, and ordering them into minibatches. No Flink here.
 */
package io.photonflow.data;
