package io.photonflow.jobs.cli;

import io.photonflow.avro.DeadLetter;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Tells the user which examples a command left out, one line per reason. */
final class Rejections {

    private Rejections() {}

    static void warn(List<DeadLetter> rejected, PrintStream err) {
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, String> first = new TreeMap<>();
        for (DeadLetter letter : rejected) {
            reasons.merge(letter.getReason().toString(), 1L, Long::sum);
            first.putIfAbsent(letter.getReason().toString(), letter.getSource().toString());
        }
        reasons.forEach(
                (reason, count) ->
                        err.printf(
                                Locale.ROOT,
                                "warning: %,d examples left out: %s (first: %s)%n",
                                count,
                                reason,
                                first.get(reason)));
    }
}
