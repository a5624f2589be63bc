package io.photonflow.jobs.config;

import java.util.List;

/** A job configuration that cannot be used; the message lists every problem found. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(
                "invalid configuration"
                        + (source == null ? "" : " " + source)
                        + ":\n  - "
                        + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
