package io.photonflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line worth showing of an error answer of Flink's REST API: its body is {@code {"errors":
 * [...]}}, often with a whole server-side stack trace, whose innermost "Caused by" names what went
 * wrong (a main method's exception, say).
 */
final class RestErrors {

    private static final Pattern CAUSE = Pattern.compile("(?m)^Caused by: (.+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RestErrors() {}

    /** The innermost cause in {@code body}, or its first error line, or the body itself. */
    static String summarize(String body) {
        String text = errorsOf(body);
        Matcher cause = CAUSE.matcher(text);
        String innermost = null;
        while (cause.find()) {
            innermost = cause.group(1);
        }
        String line = innermost != null ? innermost : text.lines().findFirst().orElse("").strip();
        return withoutExceptionClass(line);
    }

    /** True when {@code body} says that what was asked for does not exist. */
    static boolean notFound(String body) {
        String text = errorsOf(body);
        return text.contains("NotFoundException")
                || text.contains("FlinkJobNotFoundException")
                || text.contains("could not be found")
                || text.contains("not found");
    }

    private static String errorsOf(String body) {
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                List<String> lines = new java.util.ArrayList<>();
                errors.forEach(error -> lines.add(error.asText()));
                return String.join("\n", lines);
            }
        } catch (IOException notJson) {
            // plain text (a proxy's error page, say): shown as it is
        }
        return body == null ? "" : body;
    }

    /** "org.x.SomeException: text" as "text (SomeException)". */
    private static String withoutExceptionClass(String line) {
        Matcher named =
                Pattern.compile("^([a-z][\\w.$]*\\.)?(\\w+(Exception|Error)): (.+)$").matcher(line);
        return named.matches() ? named.group(4) + " (" + named.group(2) + ")" : line;
    }
}
