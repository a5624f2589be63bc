package io.photonflow.jobs.inference;

import io.photonflow.avro.DeadLetter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;

/**
 * The inspection of a dead-letter file: how many, and how many per reason and per split (the part
 * of the source before its first colon, e.g. {@code train}), most frequent first.
 */
final class DeadLetterSummary {

    private DeadLetterSummary() {}

    static void print(Path file, PrintStream out) throws IOException {
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Long> splits = new TreeMap<>();
        Map<String, String> firstSource = new TreeMap<>();
        long total = 0;
        try (DataFileReader<DeadLetter> reader =
                AvroContainers.open(
                        file, DeadLetter.class, DeadLetter.getClassSchema(), "dead-letter file")) {
            for (DeadLetter letter : reader) {
                total++;
                String reason = letter.getReason().toString();
                String source = letter.getSource().toString();
                reasons.merge(reason, 1L, Long::sum);
                firstSource.putIfAbsent(reason, source);
                int colon = source.indexOf(':');
                splits.merge(colon > 0 ? source.substring(0, colon) : source, 1L, Long::sum);
            }
        }
        out.printf(Locale.ROOT, "%s: dead letters, %,d%n", file, total);
        if (total == 0) {
            return;
        }
        out.println("per split:");
        splits.forEach((split, count) -> out.printf(Locale.ROOT, "  %,9d  %s%n", count, split));
        out.println("per reason (first source):");
        reasons.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(
                        entry ->
                                out.printf(
                                        Locale.ROOT,
                                        "  %,9d  %s  (%s)%n",
                                        entry.getValue(),
                                        entry.getKey(),
                                        firstSource.get(entry.getKey())));
    }
}
