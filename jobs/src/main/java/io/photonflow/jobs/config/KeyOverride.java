package io.photonflow.jobs.config;

/**
 * One {@code key=value} argument of the command line.
 *
 * @param text the argument as written, which heads every problem it causes
 * @param key the dotted key, e.g. {@code training.epochs}
 * @param value the value, read as YAML
 */
record KeyOverride(String text, String key, String value) {

    /** The argument split at its first {@code =}; null when it has no key before one. */
    static KeyOverride parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            return null;
        }
        return new KeyOverride(text, text.substring(0, equals).trim(), text.substring(equals + 1));
    }

    /**
     * Whether a problem with {@code problemKey} is this override's doing: the key it set, a key
     * inside the value it set, or the section it set one key of.
     */
    boolean concerns(String problemKey) {
        return problemKey.equals(key)
                || problemKey.startsWith(key + ".")
                || problemKey.startsWith(key + "[")
                || key.startsWith(problemKey + ".");
    }

    /**
     * Advice for a problem with a whole section of which this override set one key ({@code
     * data.train.avro=F} leaves the idx files of {@code data.train} in place): how to replace the
     * section instead. Empty when the override set the section itself or something below a key.
     */
    String replaceSectionAdvice(String problemKey) {
        if (!key.startsWith(problemKey + ".")) {
            return "";
        }
        String leaf = key.substring(problemKey.length() + 1);
        if (leaf.contains(".")) {
            return "";
        }
        return "; to replace all of "
                + problemKey
                + ", write '"
                + problemKey
                + "={"
                + leaf
                + ": "
                + value.trim()
                + "}' (quoted: the space after the colon is needed)";
    }

    /** {@code problem} headed by this override. */
    String head(String problem) {
        return "override '" + text + "': " + problem;
    }
}
