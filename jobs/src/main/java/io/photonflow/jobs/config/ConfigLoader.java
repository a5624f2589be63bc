package io.photonflow.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads job configurations: built-in defaults, then a YAML file over them, then {@code key=value}
 * overrides (the value is read as YAML, so {@code network.hidden=[512,512]} works), then binds the
 * result to {@link JobConfig} and validates it.
 */
public final class ConfigLoader {

    private static final String DEFAULTS = "defaults.yaml";

    private static final Pattern LEADING_KEY =
            Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*|\\[\\d+])*");

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

    /**
     * Loads {@code file} (or only the defaults when null) with {@code overrides} applied. Every
     * problem is one line: each unknown key, each value of the wrong kind, each invalid value, each
     * configured path that cannot serve (a folder where a file belongs, ...); a problem an override
     * caused is headed by that override.
     */
    public JobConfig load(Path file, List<String> overrides) throws ConfigException, IOException {
        ObjectNode defaults = defaults();
        ObjectNode tree = defaults.deepCopy();
        String source = file == null ? null : file.toString();
        if (file != null) {
            merge(tree, readFile(file));
        }
        List<String> problems = new ArrayList<>();
        List<KeyOverride> applied = new ArrayList<>();
        for (String text : overrides) {
            KeyOverride override = KeyOverride.parse(text);
            if (override == null) {
                problems.add("override '" + text + "' must look like key=value");
            } else {
                applyOverride(tree, defaults, override, problems);
                applied.add(override);
            }
        }
        TreeBinding.Result bound = new TreeBinding(yaml, defaults).bind(tree);
        List<TreeBinding.Problem> found = new ArrayList<>(bound.problems());
        if (bound.config() != null) {
            for (String problem : bound.config().problems()) {
                String key = leadingKey(problem);
                // A value put back to its default for a problem already found is not another.
                if (bound.problems().stream().noneMatch(earlier -> related(earlier.key(), key))) {
                    found.add(new TreeBinding.Problem(key, problem));
                }
            }
            if (found.isEmpty()) {
                for (String problem : ConfiguredPaths.problems(bound.config())) {
                    found.add(new TreeBinding.Problem(leadingKey(problem), problem));
                }
            }
        }
        for (TreeBinding.Problem problem : found) {
            problems.add(attribute(problem, applied));
        }
        if (!problems.isEmpty() || bound.config() == null) {
            throw new ConfigException(source, problems);
        }
        return bound.config();
    }

    private ObjectNode readFile(Path file) throws ConfigException, IOException {
        String source = file.toString();
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
            throw new ConfigException(source, List.of("not valid YAML: " + e.getOriginalMessage()));
        }
        if (user == null || user.isMissingNode() || user.isNull()) {
            return yaml.createObjectNode();
        }
        if (!user.isObject()) {
            throw new ConfigException(source, List.of("the top level must be a mapping of keys"));
        }
        return (ObjectNode) user;
    }

    /** {@code problem} headed by the last override that it concerns, if any. */
    private static String attribute(TreeBinding.Problem problem, List<KeyOverride> overrides) {
        for (int i = overrides.size() - 1; i >= 0; i--) {
            KeyOverride override = overrides.get(i);
            if (!problem.key().isEmpty() && override.concerns(problem.key())) {
                return override.head(
                        problem.message() + override.replaceSectionAdvice(problem.key()));
            }
        }
        return problem.message();
    }

    /** Whether one key is the other or a section holding it. */
    private static boolean related(String a, String b) {
        return a.equals(b)
                || a.startsWith(b + ".")
                || a.startsWith(b + "[")
                || b.startsWith(a + ".")
                || b.startsWith(a + "[");
    }

    /** The key a problem line starts with, e.g. {@code network.hidden[1]}; empty when none. */
    private static String leadingKey(String problem) {
        Matcher key = LEADING_KEY.matcher(problem);
        return key.lookingAt() ? key.group() : "";
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

    /**
     * Sets one key. A key is known when the defaults or the file have it: after {@code
     * data.train={avro: F}}, {@code data.train.images} is still a key of data.train.
     */
    private void applyOverride(
            ObjectNode tree, ObjectNode defaults, KeyOverride override, List<String> problems) {
        String[] path = override.key().split("\\.");
        ObjectNode parent = tree;
        JsonNode defaultParent = defaults;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = parent.get(path[i]);
            if (child == null) {
                problems.add(override.head(unknownKey(path, i, parent)));
                return;
            }
            if (!(child instanceof ObjectNode object)) {
                problems.add(override.head("'" + path[i] + "' is not a section"));
                return;
            }
            parent = object;
            defaultParent = defaultParent.path(path[i]);
        }
        String leaf = path[path.length - 1];
        if (!parent.has(leaf) && !defaultParent.has(leaf)) {
            problems.add(override.head(unknownKey(path, path.length - 1, parent)));
            return;
        }
        String text = override.value();
        try {
            parent.set(leaf, yaml.readTree(text.isEmpty() ? "''" : text));
        } catch (JsonProcessingException e) {
            problems.add(override.head("the value is not valid YAML: " + text));
        }
    }

    private static String unknownKey(String[] path, int unknown, ObjectNode parent) {
        return "unknown key '"
                + String.join(".", Arrays.copyOfRange(path, 0, unknown + 1))
                + "'; known keys here: "
                + knownKeys(parent);
    }

    private static String knownKeys(ObjectNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return String.join(", ", keys);
    }
}
