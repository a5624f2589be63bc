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
        Duration duration;
        try {
            duration = parse(text);
        } catch (RuntimeException e) {
            problems.add(
                    key + " must be a duration such as '10 s' or '500 ms', got '" + text + "'");
            return;
        }
        if (duration.isNegative() || duration.isZero()) {
            problems.add(key + " must be a positive duration, got '" + text + "'");
        }
    }
}
