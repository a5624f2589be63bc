package io.photonflow.jobs.report;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.photonflow.jobs.config.JobConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The configuration a run used, kept beside its results as {@code config.yaml}: every key, defaults
 * included, in the kebab-case of the job files, so that the report can show it and the file can be
 * given back to {@code train --config}.
 */
public final class RunConfiguration {

    /** The file's name in the run folder. */
    public static final String FILE = "config.yaml";

    /**
     * The job files' form: kebab-case keys and enum values, the records' components only (not
     * derived getters such as {@code isGraph()}), so that the file loads back as the same
     * configuration.
     */
    private static final ObjectMapper YAML =
            YAMLMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                    .visibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                    .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                    .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                    .addModule(new SimpleModule().addSerializer(Enum.class, new KebabCase()))
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build();

    /** An enum constant as the job files spell it: AT_LEAST_ONCE as at-least-once. */
    @SuppressWarnings("rawtypes")
    private static final class KebabCase extends StdSerializer<Enum> {

        private static final long serialVersionUID = 1L;

        KebabCase() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            out.writeString(value.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

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
