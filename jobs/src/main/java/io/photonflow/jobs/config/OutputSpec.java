package io.photonflow.jobs.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's results go: {@code model.avro} (and one snapshot per epoch), {@code metrics.avro},
 * {@code dead-letters.avro}.
 *
 * @param directory the output folder (created when missing)
 */
public record OutputSpec(String directory) implements Serializable, ConfigSection {

    public Path path() {
        return Path.of(directory);
    }

    @Override
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (directory == null || directory.isBlank()) {
            problems.add(path + ".directory must be set");
        }
        return problems;
    }
}
