package io.photonflow.jobs.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds a configuration tree to {@link JobConfig}, reporting every unknown key and every value of
 * the wrong kind rather than the first: after each problem, the value is put back to its default
 * (an unknown key is dropped) and binding tries again, so that the rest can still be validated.
 */
final class TreeBinding {

    /** Enough for any real file; bounds the retries of a tree that goes wrong everywhere. */
    private static final int MAX_PROBLEMS = 100;

    /**
     * One unknown key or wrongly typed value.
     *
     * @param key the dotted key, with list indexes, e.g. {@code network.hidden[1]}
     * @param message the whole line, naming the key
     */
    record Problem(String key, String message) {}

    /**
     * The outcome of binding.
     *
     * @param config the bound configuration, with defaults for the values that had problems; null
     *     when binding gave up
     * @param problems every problem found, in the order met
     */
    record Result(JobConfig config, List<Problem> problems) {}

    private final ObjectMapper mapper;
    private final ObjectNode defaults;

    TreeBinding(ObjectMapper mapper, ObjectNode defaults) {
        this.mapper = mapper;
        this.defaults = defaults;
    }

    Result bind(ObjectNode tree) {
        ObjectNode work = tree.deepCopy();
        List<Problem> problems = new ArrayList<>();
        while (problems.size() < MAX_PROBLEMS) {
            try {
                JobConfig config = mapper.treeToValue(work, JobConfig.class);
                return new Result(config, problems);
            } catch (MismatchedInputException e) {
                problems.add(problem(e, work.at(pointer(e))));
                if (!repair(work, pointer(e))) {
                    break;
                }
            } catch (JsonProcessingException e) {
                problems.add(new Problem("", e.getOriginalMessage()));
                break;
            }
        }
        return new Result(null, problems);
    }

    /** The problem {@code e} reports about {@code value}, the value at its key. */
    private Problem problem(MismatchedInputException e, JsonNode value) {
        String key = key(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new Problem(
                    key,
                    "unknown key '"
                            + key
                            + "'; known keys here: "
                            + unknown.getKnownPropertyIds().stream()
                                    .map(Object::toString)
                                    .sorted()
                                    .collect(Collectors.joining(", ")));
        }
        String expected = expected(e.getTargetType(), defaults.at(pointer(e)));
        if (e instanceof InvalidFormatException invalid) {
            return new Problem(
                    key,
                    key
                            + ": '"
                            + invalid.getValue()
                            + "' is not "
                            + (expected.startsWith("a ")
                                    ? "a valid " + expected.substring(2)
                                    : expected));
        }
        if (value.isMissingNode() || value.isNull()) {
            return new Problem(key, key + " is missing: expected " + expected);
        }
        return new Problem(key, key + ": expected " + expected);
    }

    /**
     * Puts the value at {@code at} back to its default, or drops it where there is none (an unknown
     * key) or it is the default already; false when nothing changed.
     */
    private boolean repair(ObjectNode work, JsonPointer at) {
        JsonNode current = work.at(at);
        JsonNode original = defaults.at(at);
        JsonNode parent = work.at(at.head());
        if (!original.isMissingNode() && !original.equals(current)) {
            if (parent instanceof ObjectNode object) {
                object.set(at.last().getMatchingProperty(), original.deepCopy());
                return true;
            }
            if (parent instanceof ArrayNode array && at.last().getMatchingIndex() < array.size()) {
                array.set(at.last().getMatchingIndex(), original.deepCopy());
                return true;
            }
            return false;
        }
        if (current.isMissingNode()) {
            return false;
        }
        if (parent instanceof ObjectNode object) {
            object.remove(at.last().getMatchingProperty());
            return true;
        }
        if (parent instanceof ArrayNode array) {
            array.remove(at.last().getMatchingIndex());
            return true;
        }
        return false;
    }

    private static JsonPointer pointer(JsonMappingException e) {
        JsonPointer pointer = JsonPointer.empty();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer =
                    ref.getFieldName() != null
                            ? pointer.appendProperty(ref.getFieldName())
                            : pointer.appendIndex(ref.getIndex());
        }
        return pointer;
    }

    private static String key(JsonMappingException e) {
        return e.getPath().stream()
                .map(
                        ref ->
                                ref.getFieldName() != null
                                        ? ref.getFieldName()
                                        : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    /** The kind of value {@code type} wants, in words; {@code original} is its default. */
    private static String expected(Class<?> type, JsonNode original) {
        if (type == null) {
            return "another kind of value";
        }
        if (type.isEnum()) {
            return "a choice (one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(constant -> KebabCaseEnums.name((Enum<?>) constant))
                            .collect(Collectors.joining(", "))
                    + ")";
        }
        if (type == int.class
                || type == long.class
                || type == Integer.class
                || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list, e.g. [1, 2]";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || original.isObject()) {
            List<String> keys = new ArrayList<>();
            original.fieldNames().forEachRemaining(keys::add);
            return keys.isEmpty()
                    ? "a section of keys"
                    : "a section with the keys " + String.join(", ", keys);
        }
        return "another kind of value";
    }
}
