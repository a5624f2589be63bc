package io.photonflow.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads job configurations: built-in defaults, then a YAML file over them, then {@code key=value}
 * overrides (the value is read as YAML, so {@code network.hidden=[512,512]} works), then binds the
 * result to {@link JobConfig} and validates it.
 */
public final class ConfigLoader {

    private static final String DEFAULTS = "defaults.yaml";

    private final ObjectMapper yaml =
            YAMLMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                    .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    // training.epochs=1.5 must not quietly train 1 epoch.
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    // A key written twice is a mistake, not an override.
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .addModule(KebabCaseEnums.module())
                    .build();

    /** Loads {@code file} (or only the defaults when null) with {@code overrides} applied. */
    public JobConfig load(Path file, List<String> overrides) throws ConfigException, IOException {
        ObjectNode tree = defaults();
        String source = file == null ? "(defaults)" : file.toString();
        if (file != null) {
            if (Files.isDirectory(file)) {
                throw new ConfigException(
                        source, List.of("is a directory; --config names a job's YAML file"));
            }
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(source, List.of("no such configuration file"));
            }
            JsonNode user;
            try {
                user = yaml.readTree(Files.readString(file));
            } catch (JsonProcessingException e) {
                throw new ConfigException(
                        source, List.of("not valid YAML: " + e.getOriginalMessage()));
            }
            if (user != null && !user.isMissingNode() && !user.isNull()) {
                if (!user.isObject()) {
                    throw new ConfigException(
                            source, List.of("the top level must be a mapping of keys"));
                }
                merge(tree, (ObjectNode) user);
            }
        }
        for (String override : overrides) {
            applyOverride(tree, override, source);
        }
        JobConfig config = bind(tree, source);
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }

    /**
     * SHA-256 of the configuration keys that determine the trained weights (data, network,
     * algorithm, projection, optimizer, training, seeds), over their canonical JSON form.
     */
    public static String fingerprint(JobConfig config) {
        ObjectMapper canonical =
                JsonMapper.builder()
                        .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                        .build();
        try {
            ObjectNode node = canonical.createObjectNode();
            node.set("data", canonical.valueToTree(config.data()));
            node.set("setup", canonical.valueToTree(config.setup()));
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(canonical.writeValueAsBytes(node));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the configuration", e);
        }
    }

    private ObjectNode defaults() throws IOException {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IOException("missing built-in " + DEFAULTS);
            }
            return (ObjectNode)
                    yaml.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void merge(ObjectNode base, ObjectNode overlay) {
        overlay.fields()
                .forEachRemaining(
                        entry -> {
                            JsonNode existing = base.get(entry.getKey());
                            if (existing instanceof ObjectNode existingObject
                                    && entry.getValue() instanceof ObjectNode overlayObject) {
                                merge(existingObject, overlayObject);
                            } else {
                                base.set(entry.getKey(), entry.getValue());
                            }
                        });
    }

    private void applyOverride(ObjectNode tree, String override, String source)
            throws ConfigException {
        int equals = override.indexOf('=');
        if (equals <= 0) {
            throw new ConfigException(
                    source, List.of("override '" + override + "' must look like key=value"));
        }
        String key = override.substring(0, equals).trim();
        String text = override.substring(equals + 1);
        String[] path = key.split("\\.");
        ObjectNode parent = tree;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = parent.get(path[i]);
            if (!(child instanceof ObjectNode object)) {
                throw new ConfigException(
                        source,
                        List.of("override '" + key + "': '" + path[i] + "' is not a section"));
            }
            parent = object;
        }
        String leaf = path[path.length - 1];
        if (!parent.has(leaf)) {
            throw new ConfigException(
                    source,
                    List.of(
                            "override '"
                                    + key
                                    + "': unknown key; known keys here: "
                                    + knownKeys(parent)));
        }
        try {
            JsonNode value = yaml.readTree(text.isEmpty() ? "''" : text);
            parent.set(leaf, value);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    source, List.of("override '" + key + "': value is not valid YAML: " + text));
        }
    }

    private JobConfig bind(ObjectNode tree, String source) throws ConfigException {
        try {
            return yaml.treeToValue(tree, JobConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(
                    source,
                    List.of(
                            "unknown key '"
                                    + path(e)
                                    + "'; known keys here: "
                                    + e.getKnownPropertyIds().stream()
                                            .map(Object::toString)
                                            .sorted()
                                            .collect(Collectors.joining(", "))));
        } catch (InvalidFormatException e) {
            throw new ConfigException(
                    source,
                    List.of(
                            path(e)
                                    + ": '"
                                    + e.getValue()
                                    + "' is not a valid "
                                    + describe(e.getTargetType())));
        } catch (MismatchedInputException e) {
            throw new ConfigException(
                    source, List.of(path(e) + ": expected " + describe(e.getTargetType())));
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of(e.getOriginalMessage()));
        }
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(
                        ref ->
                                ref.getFieldName() != null
                                        ? ref.getFieldName()
                                        : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isEnum()) {
            return "choice (one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(constant -> KebabCaseEnums.name((Enum<?>) constant))
                            .collect(Collectors.joining(", "))
                    + ")";
        }
        if (type == int.class
                || type == long.class
                || type == Integer.class
                || type == Long.class) {
            return "whole number";
        }
        if (type == double.class || type == Double.class) {
            return "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return type.getSimpleName();
    }

    private static String knownKeys(ObjectNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return String.join(", ", keys);
    }
}
