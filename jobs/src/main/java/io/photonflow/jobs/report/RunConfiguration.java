package io.photonflow.jobs.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.photonflow.jobs.config.JobConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration a run used, kept beside its results as {@code config.yaml}: every key, defaults
 * included, in the kebab-case of the job files, so that the report can show it and the file can be
 * given back to {@code train --config}.
 */
public final class RunConfiguration {

    /** The file's name in the run folder. */
    public static final String FILE = "config.yaml";

    private static final ObjectMapper YAML =
            YAMLMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build();

    private RunConfiguration() {}

    /** {@code config} as YAML. */
    public static String yaml(JobConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the configuration as YAML", e);
        }
    }

    /** Writes {@code config} into {@code directory}; returns the YAML written. */
    public static String write(JobConfig config, Path directory) throws IOException {
        String yaml = yaml(config);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(FILE), yaml);
        return yaml;
    }

    /** The configuration recorded in {@code directory}, or null when there is none. */
    public static String read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        return Files.isRegularFile(file) ? Files.readString(file) : null;
    }
}
