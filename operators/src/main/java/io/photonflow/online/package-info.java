/**
 * The pure pieces of online learning, in plain Java with no Flink: prequential (test-then-train)
 * metrics over count and event-time windows, concept-drift detectors (Page-Hinkley and ADWIN, after
 * River's implementations) and the policy for reacting to a detected drift. Every class is
 * deterministic and exposes its running state as a record of plain values, so that a Flink operator
 * can checkpoint it and resume it to the bit.
 */
package io.photonflow.online;
