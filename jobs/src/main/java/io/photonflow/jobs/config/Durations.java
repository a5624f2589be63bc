package io.photonflow.jobs.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.util.TimeUtils;

/** Durations written the way Flink's own configuration writes them: "10 s", "500ms", "2 min". */
final class Durations {

    private Durations() {}

    static Duration parse(String text) {
        return TimeUtils.parseDuration(text);
    }

    /** Adds a problem when {@code text} is not a positive duration. */
    static void check(String text, String key, List<String> problems) {
        Duration duration = parsed(text, key, problems);
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            problems.add(key + " must be a positive duration, got '" + text + "'");
        }
    }

    /** Adds a problem when {@code text} is not a duration of zero ("never") or more. */
    static void checkZeroOrMore(String text, String key, List<String> problems) {
        Duration duration = parsed(text, key, problems);
        if (duration != null && duration.isNegative()) {
            problems.add(key + " must be 0 s (never) or a positive duration, got '" + text + "'");
        }
    }

    private static Duration parsed(String text, String key, List<String> problems) {
        try {
            return parse(text);
        } catch (RuntimeException e) {
            problems.add(
                    key + " must be a duration such as '10 s' or '500 ms', got '" + text + "'");
            return null;
        }
    }
}
