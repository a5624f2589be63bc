package io.photonflow.jobs.inference;

import io.photonflow.avro.AlignmentMeasurement;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;

/**
 * The inspection of an alignment file: per hidden layer, the measurements, first and last angle.
 */
final class AlignmentSummary {

    private AlignmentSummary() {}

    static void print(Path file, PrintStream out) throws IOException {
        Map<Integer, AlignmentMeasurement[]> layers = new TreeMap<>();
        Map<Integer, Integer> counts = new TreeMap<>();
        try (DataFileReader<AlignmentMeasurement> reader =
                AvroContainers.open(
                        file,
                        AlignmentMeasurement.class,
                        AlignmentMeasurement.getClassSchema(),
                        "alignment file")) {
            for (AlignmentMeasurement measurement : reader) {
                AlignmentMeasurement[] firstAndLast =
                        layers.computeIfAbsent(
                                measurement.getLayer(),
                                layer -> new AlignmentMeasurement[] {measurement, null});
                firstAndLast[1] = measurement;
                counts.merge(measurement.getLayer(), 1, Integer::sum);
            }
        }
        out.printf(
                Locale.ROOT,
                "%s: alignment, %,d measurements%n",
                file,
                counts.values().stream().mapToInt(Integer::intValue).sum());
        layers.forEach(
                (layer, firstAndLast) ->
                        out.printf(
                                Locale.ROOT,
                                "  layer %d: %,d measurements, %.1f° at step %,d, %.1f° at step"
                                        + " %,d%n",
                                layer,
                                counts.get(layer),
                                firstAndLast[0].getAngleDegrees(),
                                firstAndLast[0].getStep(),
                                firstAndLast[1].getAngleDegrees(),
                                firstAndLast[1].getStep()));
    }
}
